import { z } from 'zod';
import type { Clock } from '../../core/ports/clock.ts';
import { OnCallUnavailableError, type OnCallRoster, type OnCallUser } from '../../core/ports/on-call.ts';
import type { OnCallTarget } from '../../core/policy/on-call-target.ts';
import { getOnCallJson } from './on-call-http.ts';

/** Entries asked for per page; PagerDuty allows up to 100. */
const PAGE_SIZE = 100;
/** Pages read before giving up, so a misbehaving API cannot loop a click forever. */
const MAX_PAGES = 20;

const page = z.object({
  oncalls: z.array(
    z.object({
      user: z
        .object({ id: z.string().min(1), email: z.string().optional() })
        .nullable()
        .optional(),
    }),
  ),
  more: z.boolean().optional(),
});

/** Where and how to reach PagerDuty's REST API. */
export interface PagerDutySettings {
  /** Base URL without a trailing slash, e.g. `https://api.pagerduty.com`. */
  readonly apiUrl: string;
  /** A REST API key (read-only is enough). */
  readonly token: string;
  /** Entries per page; tests lower it to see pagination. */
  readonly pageSize?: number;
  /** How long one request may take, ms (default 5 s). */
  readonly timeoutMs?: number;
}

/**
 * Who is on call now for a PagerDuty schedule or escalation policy (every level of
 * it), by `GET /oncalls?schedule_ids[]=…|escalation_policy_ids[]=…&since=now&until=now
 * &earliest=true&include[]=users`, following `limit`/`offset` while `more` is true.
 * Users come with their ID and email.
 */
export async function pagerDutyOnCall(
  settings: PagerDutySettings,
  target: Extract<OnCallTarget, { provider: 'pagerduty' }>,
  clock: Clock,
): Promise<OnCallRoster> {
  const checkedAt = clock.now();
  const now = new Date(checkedAt).toISOString();
  const limit = settings.pageSize ?? PAGE_SIZE;
  const users = new Map<string, OnCallUser>();
  for (let offset = 0, pages = 0; ; offset += limit, pages += 1) {
    if (pages === MAX_PAGES)
      throw new OnCallUnavailableError(target, `the API returned more than ${MAX_PAGES} pages of on-calls`);
    const query = new URLSearchParams();
    if ('scheduleId' in target) query.append('schedule_ids[]', target.scheduleId);
    else query.append('escalation_policy_ids[]', target.escalationPolicyId);
    query.append('include[]', 'users');
    query.set('since', now);
    query.set('until', now);
    query.set('earliest', 'true');
    query.set('limit', String(limit));
    query.set('offset', String(offset));
    const answer = await getOnCallJson(
      target,
      {
        url: `${settings.apiUrl}/oncalls?${query.toString()}`,
        headers: {
          Authorization: `Token token=${settings.token}`,
          Accept: 'application/vnd.pagerduty+json;version=2',
        },
        timeoutMs: settings.timeoutMs,
      },
      page,
    );
    for (const entry of answer.oncalls) {
      if (!entry.user) continue;
      users.set(entry.user.id, {
        id: entry.user.id,
        ...(entry.user.email ? { email: entry.user.email } : {}),
      });
    }
    if (!answer.more || answer.oncalls.length === 0) break;
  }
  return { target, users: [...users.values()], checkedAt };
}
