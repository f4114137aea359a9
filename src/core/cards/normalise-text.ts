/** Control characters other than newline, and invisible characters that hide, join or reorder text. */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/**
 * Makes user text safe to lay out on any surface, before its renderer escapes it:
 * CR/CRLF become newlines, tabs become spaces, control and invisible characters
 * (zero-width spaces and joiners, bidi overrides, soft hyphens) are dropped — a
 * zero-width space next to `*` is how people force chat markdown to format mid-word,
 * and bidi overrides make a card read differently from what it says. Blank lines are
 * removed, trailing spaces trimmed, and lines past `maxLines` are joined onto the last
 * kept line with spaces (1 gives one line).
 */
export function normaliseText(text: string, maxLines: number): string {
  const cleaned = text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(INVISIBLE, '');
  const lines = cleaned
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  const keep = Math.max(1, Math.floor(maxLines));
  if (lines.length <= keep) return lines.join('\n');
  const head = lines.slice(0, keep - 1);
  const tail = lines
    .slice(keep - 1)
    .map((line) => line.trim())
    .join(' ');
  return [...head, tail].join('\n');
}
