import { z } from 'zod';
import type { Clock } from '../../core/ports/clock.ts';
import type { OnCallRoster } from '../../core/ports/on-call.ts';
import type { OnCallTarget } from '../../core/policy/on-call-target.ts';
import { getOnCallJson } from './on-call-http.ts';

const answer = z.object({
  data: z.object({ onCallRecipients: z.array(z.string().min(1)).optional() }),
});

/** Where and how to reach Opsgenie's REST API. */
export interface OpsgenieSettings {
  /** Base URL without a trailing slash: `https://api.opsgenie.com`, or `https://api.eu.opsgenie.com`. */
  readonly apiUrl: string;
  /** An API integration's key that may read the schedule. */
  readonly apiKey: string;
  /** How long one request may take, ms (default 5 s). */
  readonly timeoutMs?: number;
}

/**
 * Who is on call now for an Opsgenie schedule, by `GET /v2/schedules/{id or
 * name}/on-calls?scheduleIdentifierType=id|name&flat=true`: the usernames (sign-in
 * addresses) of every on-call participant, teams and escalations expanded.
 */
export async function opsgenieOnCall(
  settings: OpsgenieSettings,
  target: Extract<OnCallTarget, { provider: 'opsgenie' }>,
  clock: Clock,
): Promise<OnCallRoster> {
  const checkedAt = clock.now();
  const byName = 'scheduleName' in target;
  const identifier = byName ? target.scheduleName : target.scheduleId;
  const query = new URLSearchParams({ scheduleIdentifierType: byName ? 'name' : 'id', flat: 'true' });
  const url = `${settings.apiUrl}/v2/schedules/${encodeURIComponent(identifier)}/on-calls?${query.toString()}`;
  const body = await getOnCallJson(
    target,
    { url, headers: { Authorization: `GenieKey ${settings.apiKey}` }, timeoutMs: settings.timeoutMs },
    answer,
  );
  const names = [...new Set(body.data.onCallRecipients ?? [])];
  return { target, users: names.map((id) => ({ id })), checkedAt };
}
