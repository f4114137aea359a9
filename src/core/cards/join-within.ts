/** What is appended where text was cut. */
export const ELLIPSIS = '…';

/**
 * Joins indivisible pieces of output (one escaped character each: `&amp;`, a
 * surrogate pair, a lookalike) into at most `maxLength` UTF-16 code units. When they
 * do not all fit, as many as fit with room for `…` are kept, trailing spaces are
 * dropped and `…` is appended; an entity or a surrogate pair is never cut in half.
 */
export function joinWithin(units: readonly string[], maxLength: number): string {
  const limit = Math.max(0, Math.floor(maxLength));
  let total = 0;
  for (const unit of units) total += unit.length;
  if (total <= limit) return units.join('');
  if (limit < ELLIPSIS.length) return '';
  const kept: string[] = [];
  let used = 0;
  for (const unit of units) {
    if (used + unit.length > limit - ELLIPSIS.length) break;
    kept.push(unit);
    used += unit.length;
  }
  return `${kept.join('').trimEnd()}${ELLIPSIS}`;
}

/** Cuts plain text to at most `maxLength` UTF-16 code units with `…`, never inside a surrogate pair. */
export function truncateText(text: string, maxLength: number): string {
  return joinWithin([...text], maxLength);
}
