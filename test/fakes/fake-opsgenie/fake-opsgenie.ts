import { randomUUID } from 'node:crypto';
import {
  HANG,
  startJsonServer,
  WindowLimit,
  type JsonAnswer,
  type SeenRequest,
} from '../http-fake/json-server.ts';

/** One schedule: its ID and name, and the usernames (sign-in addresses) on call now. */
export interface FakeSchedule {
  readonly id: string;
  readonly name: string;
  readonly onCall: readonly string[];
}

/** What a test sets up: the API key, the schedules, and the rate limit. */
export interface FakeOpsgenieOptions {
  readonly apiKey: string;
  readonly schedules: readonly FakeSchedule[];
  /** Requests per minute per key (Opsgenie's limits depend on the plan). */
  readonly rateLimitPerMinute?: number;
}

/** A running fake of Opsgenie's Who Is On Call API. */
export interface FakeOpsgenie {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** The schedules now (a test edits them to change shifts). */
  schedules: FakeSchedule[];
  /**
   * Answers every request with this status until cleared with undefined, with
   * Opsgenie's message for it: 401 Could not authenticate, 403 (a key whose
   * integration may not read schedules), otherwise Internal Server Error.
   */
  failWith(status: number | undefined): void;
  /** While true, every request is received and never answered (a stalled API). */
  hang(on: boolean): void;
  setRateLimit(perMinute: number): void;
  stop(): Promise<void>;
}

const PATH = /^\/v2\/schedules\/([^/]+)\/on-calls$/;
const PARAMS = new Set(['scheduleIdentifierType', 'flat', 'date']);

function answer(status: number, body: Record<string, unknown>): JsonAnswer {
  return { status, body: { ...body, took: 0.01, requestId: randomUUID() } };
}

/**
 * Starts a fake of Opsgenie's `GET /v2/schedules/{identifier}/on-calls` on a free port
 * that holds clients to the real API's shapes: `Authorization: GenieKey KEY` (401
 * otherwise), `scheduleIdentifierType` `id` (default) or `name`, `flat` `true`/`false`,
 * no other parameters (422), 404 for an unknown schedule; `flat=true` answers
 * `onCallRecipients` (usernames), otherwise `onCallParticipants`. Over the rate limit
 * it answers 429 with `X-RateLimit-State: THROTTLED`, `X-RateLimit-Reason` and
 * `X-RateLimit-Period-In-Sec`.
 */
export async function startFakeOpsgenie(options: FakeOpsgenieOptions): Promise<FakeOpsgenie> {
  const requests: SeenRequest[] = [];
  let failing: number | undefined;
  let hanging = false;
  let limiter = new WindowLimit(options.rateLimitPerMinute ?? 600, 60_000);
  const state = { schedules: [...options.schedules] };

  const handle = (request: SeenRequest): JsonAnswer | typeof HANG => {
    requests.push(request);
    if (hanging) return HANG;
    if (request.headers.authorization !== `GenieKey ${options.apiKey}`)
      return answer(401, { message: 'Could not authenticate' });
    if (limiter.take(Date.now()) !== undefined) {
      return {
        ...answer(429, { message: 'Request rejected because of rate limit.' }),
        headers: {
          'X-RateLimit-State': 'THROTTLED',
          'X-RateLimit-Reason': 'INTEGRATION',
          'X-RateLimit-Period-In-Sec': '60',
        },
      };
    }
    if (failing === 401) return answer(401, { message: 'Could not authenticate' });
    if (failing === 403)
      return answer(403, {
        message: 'You are not authorized to perform this action: the integration may not read schedules',
      });
    if (failing !== undefined) return answer(failing, { message: 'Internal Server Error' });
    const match = PATH.exec(request.path);
    if (request.method !== 'GET' || !match) return answer(404, { message: 'Not found' });
    const { query } = request;
    for (const key of query.keys())
      if (!PARAMS.has(key)) return answer(422, { message: `Unknown parameter: ${key}` });
    const type = query.get('scheduleIdentifierType') ?? 'id';
    if (type !== 'id' && type !== 'name')
      return answer(422, { message: 'scheduleIdentifierType must be id or name' });
    const flat = query.get('flat') ?? 'false';
    if (flat !== 'true' && flat !== 'false') return answer(422, { message: 'flat must be true or false' });
    const identifier = decodeURIComponent(match[1]!);
    const schedule = state.schedules.find((s) => (type === 'id' ? s.id : s.name) === identifier);
    if (!schedule) return answer(404, { message: `No schedule exists with ${type} [${identifier}]` });
    const parent = { id: schedule.id, name: schedule.name, enabled: true };
    return answer(200, {
      data:
        flat === 'true'
          ? { _parent: parent, onCallRecipients: [...schedule.onCall] }
          : {
              _parent: parent,
              onCallParticipants: schedule.onCall.map((name) => ({ id: randomUUID(), name, type: 'user' })),
            },
    });
  };

  const server = await startJsonServer(handle);
  return {
    url: server.url,
    requests,
    get schedules() {
      return state.schedules;
    },
    set schedules(value: FakeSchedule[]) {
      state.schedules = value;
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
