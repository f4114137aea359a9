/** Formats ms since the epoch as RFC 3339 in UTC to the second, as kubectl writes times: `2026-01-05T10:00:00Z`. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
