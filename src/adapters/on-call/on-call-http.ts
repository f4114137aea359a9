import type { OnCallTarget } from '../../core/policy/on-call-target.ts';
import { OnCallUnavailableError } from '../../core/ports/on-call.ts';

/** How long one on-call API request may take before the look-up fails closed. */
export const ON_CALL_TIMEOUT_MS = 5000;

const REASONS: Record<number, string> = {
  401: 'the API token was refused (401 Unauthorized): check it',
  403: 'the API token may not read this schedule (403 Forbidden)',
  404: 'no such schedule (404 Not Found): check the policy',
  429: 'rate-limited by the API (429 Too Many Requests)',
};

/**
 * GETs `url` with `headers` and returns its JSON body. Every failure is an
 * {@link OnCallUnavailableError} for `target` that names the problem: unreachable,
 * timed out, an HTTP error status (401/403/404/429/5xx, with the API's own message
 * where it gives one), or a body that is not JSON.
 */
export async function getOnCallJson(
  target: OnCallTarget,
  url: string,
  headers: Record<string, string>,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(ON_CALL_TIMEOUT_MS) });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new OnCallUnavailableError(
      target,
      timedOut
        ? `the API did not answer within ${ON_CALL_TIMEOUT_MS / 1000} s`
        : `the API could not be reached (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)})`,
      { cause: error },
    );
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const reason =
      REASONS[response.status] ?? `the API answered ${response.status} ${response.statusText}`.trim();
    const retry = response.status === 429 ? retryHint(response.headers) : '';
    throw new OnCallUnavailableError(target, `${reason}${retry}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new OnCallUnavailableError(target, 'the API answered something that is not JSON', { cause: error });
  }
}

/** "retry in N s" from PagerDuty's `ratelimit-reset` or Opsgenie's `X-RateLimit-Period-In-Sec`, when present. */
function retryHint(headers: Headers): string {
  const seconds =
    headers.get('ratelimit-reset') ?? headers.get('x-ratelimit-period-in-sec') ?? headers.get('retry-after');
  return seconds && /^\d+$/.test(seconds) ? `, retry in ${seconds} s` : '';
}
