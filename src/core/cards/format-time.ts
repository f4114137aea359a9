/** Rounds a time up to its whole second: what cards show is never earlier than the time itself. */
export function ceilToSecond(ms: number): number {
  return Math.ceil(ms / 1000) * 1000;
}

/**
 * A time as every surface prints it when it cannot show the reader's own zone:
 * `2026-03-03 10:00 UTC`, with seconds when the time has them (`10:00:45 UTC`), never
 * earlier than the time itself (a grant ending at 10:00:45.3 reads 10:00:46, not 10:00).
 * Renderers that can localise (Slack `<!date>`, Adaptive Cards `{{TIME()}}`, the browser)
 * do so from the same instant.
 */
export function formatCardTime(ms: number): string {
  const iso = new Date(ceilToSecond(ms)).toISOString();
  const minutes = iso.slice(0, 16).replace('T', ' ');
  const seconds = iso.slice(17, 19);
  return seconds === '00' ? `${minutes} UTC` : `${minutes}:${seconds} UTC`;
}

/** {@link formatCardTime} of an ISO 8601 time as audit events carry it; the text itself when it does not parse. */
export function formatIsoTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatCardTime(ms);
}
