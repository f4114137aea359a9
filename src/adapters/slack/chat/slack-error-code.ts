/**
 * The `error` string of a Slack Web API refusal (`channel_not_found`,
 * `message_not_found`, `not_in_channel`, ...), or undefined for anything else
 * (network failures, timeouts, HTTP errors), which callers treat as transient.
 */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, data } = error as { code?: unknown; data?: { error?: unknown } };
  if (code !== 'slack_webapi_platform_error') return undefined;
  return typeof data?.error === 'string' ? data.error : undefined;
}
