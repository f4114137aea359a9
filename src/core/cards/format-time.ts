/** A time as cards print it: `2026-03-03 10:00 UTC`. Platforms that localise times do so in their renderer. */
export function formatCardTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
