import type { z } from 'zod';
import type { OnCallTarget } from '../../core/policy/on-call-target.ts';
import { OnCallUnavailableError } from '../../core/ports/on-call.ts';

/** How long one on-call API request may take before the look-up fails closed, unless `ON_CALL_TIMEOUT` says otherwise. */
export const ON_CALL_TIMEOUT_MS = 5000;

/** One GET to an on-call API: where, with which headers (auth), and how long it may take (ms). */
export interface OnCallGet {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

const REASONS: Record<number, string> = {
  401: 'the API token was refused (401 Unauthorized): check it',
  403: 'the API token may not read this schedule (403 Forbidden)',
  404: 'no such schedule (404 Not Found): check the policy',
  429: 'rate-limited by the API (429 Too Many Requests)',
};

/**
 * GETs an on-call API and returns its JSON body as `schema` reads it; the whole
 * exchange, body included, is bounded by `timeoutMs` (default {@link ON_CALL_TIMEOUT_MS}).
 * Every failure is an {@link OnCallUnavailableError} for `target` that names the
 * problem: unreachable, timed out, an HTTP error status (401/403/404/429/5xx), a body
 * that is not JSON, or JSON that is not an on-call list.
 */
export async function getOnCallJson<T>(
  target: OnCallTarget,
  request: OnCallGet,
  schema: z.ZodType<T>,
): Promise<T> {
  const timeoutMs = request.timeoutMs ?? ON_CALL_TIMEOUT_MS;
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, { headers: request.headers, signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new OnCallUnavailableError(
      target,
      timedOut
        ? `the API did not answer within ${timeoutMs / 1000} s`
        : `the API could not be reached (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)})`,
      { cause: error },
    );
  }
  if (!response.ok) {
    const reason =
      REASONS[response.status] ?? `the API answered ${response.status} ${response.statusText}`.trim();
    const retry = response.status === 429 ? retryHint(response.headers) : '';
    throw new OnCallUnavailableError(target, `${reason}${retry}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch (error) {
    throw new OnCallUnavailableError(target, 'the API answered something that is not JSON', { cause: error });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new OnCallUnavailableError(target, 'the API answered an on-call list Countersign cannot read');
  return parsed.data;
}

/** "retry in N s" from PagerDuty's `ratelimit-reset` or Opsgenie's `X-RateLimit-Period-In-Sec`, when present. */
function retryHint(headers: Headers): string {
  const seconds =
    headers.get('ratelimit-reset') ?? headers.get('x-ratelimit-period-in-sec') ?? headers.get('retry-after');
  return seconds && /^\d+$/.test(seconds) ? `, retry in ${seconds} s` : '';
}
