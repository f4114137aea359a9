import { randomBytes } from 'node:crypto';
import {
  HANG,
  startJsonServer,
  WindowLimit,
  type JsonAnswer,
  type SeenRequest,
} from '../http-fake/json-server.ts';

/** One on-call entry as PagerDuty computes it: a user at a level of an escalation policy, maybe through a schedule. */
export interface FakeOnCall {
  readonly userId: string;
  readonly escalationPolicyId: string;
  readonly escalationLevel?: number;
  /** Absent: the user is on the escalation rule directly. */
  readonly scheduleId?: string;
  /** ISO times; absent means open-ended (PagerDuty's `null`). */
  readonly start?: string;
  readonly end?: string;
}

/** What a test sets up: the API key, the users and their on-call entries, and the rate limit. */
export interface FakePagerDutyOptions {
  readonly token: string;
  readonly users: Readonly<Record<string, { readonly name: string; readonly email: string }>>;
  readonly oncalls: readonly FakeOnCall[];
  /** Requests per minute per key; PagerDuty's REST API allows 960. */
  readonly rateLimitPerMinute?: number;
}

/** A running fake of PagerDuty's REST API `GET /oncalls`. */
export interface FakePagerDuty {
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: SeenRequest[];
  /** The on-call entries now (a test edits them to change shifts). */
  oncalls: FakeOnCall[];
  /**
   * Answers every request with this status until cleared with undefined, with
   * PagerDuty's body for it: 401 Invalid Credentials (2006), 403 Access Denied
   * (2010, a key that may not read the schedule), otherwise Internal Error (2000).
   */
  failWith(status: number | undefined): void;
  /** While true, every request is received and never answered (a stalled API). */
  hang(on: boolean): void;
  /** Replaces the rate limit, forgetting past requests. */
  setRateLimit(perMinute: number): void;
  stop(): Promise<void>;
}

const ACCEPT = 'application/vnd.pagerduty+json;version=2';
const ARRAY_PARAMS = new Set(['schedule_ids[]', 'escalation_policy_ids[]', 'user_ids[]', 'include[]']);
const SCALAR_PARAMS = new Set(['since', 'until', 'earliest', 'limit', 'offset', 'time_zone', 'total']);
const INCLUDES = new Set(['users', 'schedules', 'escalation_policies']);
const MAX_LIMIT = 100;

function error(status: number, code: number, message: string, errors: string[] = []): JsonAnswer {
  return { status, body: { error: { message, code, ...(errors.length > 0 ? { errors } : {}) } } };
}

/**
 * Starts a fake of PagerDuty's `GET /oncalls` on a free port that holds clients to the
 * real API's shapes: `Authorization: Token token=KEY` (401 otherwise), the v2 `Accept`
 * header, only documented query parameters (array ones spelled with `[]`), `limit`
 * 1–100 and `offset` pagination with `more`, `since`/`until` ISO times with `until`
 * not before `since` (entries overlapping that range are returned), `earliest`, and
 * `include[]=users` (full users with email; otherwise user references). Over the rate
 * limit it answers 429 with `ratelimit-limit`, `ratelimit-remaining` and `ratelimit-reset`.
 */
export async function startFakePagerDuty(options: FakePagerDutyOptions): Promise<FakePagerDuty> {
  const requests: SeenRequest[] = [];
  let failing: number | undefined;
  let hanging = false;
  let limiter = new WindowLimit(options.rateLimitPerMinute ?? 960, 60_000);
  const state = { oncalls: [...options.oncalls] };

  const handle = (request: SeenRequest): JsonAnswer | typeof HANG => {
    requests.push(request);
    if (hanging) return HANG;
    if (request.headers.authorization !== `Token token=${options.token}`)
      return error(401, 2006, 'Invalid Credentials', ['Authorization must be "Token token=<API key>"']);
    if (request.headers.accept !== ACCEPT)
      return error(400, 2001, 'Invalid Input Provided', [`Accept must be ${ACCEPT}`]);
    const retry = limiter.take(Date.now());
    if (retry !== undefined) {
      return {
        ...error(429, 2020, 'Rate Limit Exceeded'),
        headers: {
          'ratelimit-limit': String(limiter.limit),
          'ratelimit-remaining': '0',
          'ratelimit-reset': String(retry),
        },
      };
    }
    if (failing === 401) return error(401, 2006, 'Invalid Credentials');
    if (failing === 403)
      return error(403, 2010, 'Access Denied', ['The API key does not have access to this resource']);
    if (failing !== undefined) return error(failing, 2000, 'Internal Error');
    if (request.method !== 'GET' || request.path !== '/oncalls') return error(404, 2100, 'Not Found');
    return list(request.query);
  };

  const list = (query: URLSearchParams): JsonAnswer => {
    const problems: string[] = [];
    for (const [key, value] of query) {
      if (ARRAY_PARAMS.has(key)) {
        if (key === 'include[]' && !INCLUDES.has(value)) problems.push(`include[] ${value} is not supported`);
      } else if (SCALAR_PARAMS.has(key)) {
        if (query.getAll(key).length > 1) problems.push(`${key} given twice`);
      } else {
        problems.push(`unknown parameter ${key}`);
      }
    }
    const limit = Number(query.get('limit') ?? '25');
    const offset = Number(query.get('offset') ?? '0');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      problems.push(`limit must be 1-${MAX_LIMIT}`);
    if (!Number.isInteger(offset) || offset < 0) problems.push('offset must be a whole number ≥ 0');
    const earliest = query.get('earliest');
    if (earliest !== null && earliest !== 'true' && earliest !== 'false')
      problems.push('earliest must be true or false');
    const since = query.get('since');
    const until = query.get('until');
    const from = since === null ? Date.now() : Date.parse(since);
    const to = until === null ? from : Date.parse(until);
    if (Number.isNaN(from) || Number.isNaN(to)) problems.push('since and until must be ISO 8601 times');
    else if (to < from) problems.push('until must not be before since');
    if (problems.length > 0) return error(400, 2001, 'Invalid Input Provided', problems);

    const schedules = query.getAll('schedule_ids[]');
    const policies = query.getAll('escalation_policy_ids[]');
    const withUsers = query.getAll('include[]').includes('users');
    const matching = state.oncalls.filter(
      (entry) =>
        (schedules.length === 0 ||
          (entry.scheduleId !== undefined && schedules.includes(entry.scheduleId))) &&
        (policies.length === 0 || policies.includes(entry.escalationPolicyId)) &&
        (entry.start === undefined || Date.parse(entry.start) <= to) &&
        (entry.end === undefined || Date.parse(entry.end) > from),
    );
    const page = matching.slice(offset, offset + limit);
    return {
      status: 200,
      body: {
        oncalls: page.map((entry) => render(entry, withUsers)),
        limit,
        offset,
        more: offset + limit < matching.length,
        total: query.get('total') === 'true' ? matching.length : null,
      },
    };
  };

  const render = (entry: FakeOnCall, withUsers: boolean) => {
    const person = options.users[entry.userId];
    const self = `https://api.pagerduty.com/users/${entry.userId}`;
    const reference = {
      id: entry.userId,
      type: 'user_reference',
      summary: person?.name ?? entry.userId,
      self,
      html_url: `https://example.pagerduty.com/users/${entry.userId}`,
    };
    return {
      user:
        withUsers && person
          ? { ...reference, type: 'user', name: person.name, email: person.email }
          : reference,
      schedule: entry.scheduleId
        ? { id: entry.scheduleId, type: 'schedule_reference', summary: entry.scheduleId }
        : null,
      escalation_policy: {
        id: entry.escalationPolicyId,
        type: 'escalation_policy_reference',
        summary: entry.escalationPolicyId,
      },
      escalation_level: entry.escalationLevel ?? 1,
      start: entry.start ?? null,
      end: entry.end ?? null,
    };
  };

  const server = await startJsonServer((request) => {
    const answer = handle(request);
    if (answer === HANG) return HANG;
    return { ...answer, headers: { 'x-request-id': randomBytes(8).toString('hex'), ...answer.headers } };
  });
  return {
    url: server.url,
    requests,
    get oncalls() {
      return state.oncalls;
    },
    set oncalls(value: FakeOnCall[]) {
      state.oncalls = value;
    },
    failWith(status) {
      failing = status;
    },
    hang(on) {
      hanging = on;
    },
    setRateLimit(perMinute) {
      limiter = new WindowLimit(perMinute, 60_000);
    },
    stop: () => server.stop(),
  };
}
