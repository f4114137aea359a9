/**
 * Characters a reader cannot see that hide, join or reorder text: controls, zero-width,
 * bidi, separators. Not the newline: JSON text has one only between tokens
 * (JSON.stringify escapes it inside strings), where pretty-printing puts it.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/**
 * JSON text with every invisible character written as its `\uXXXX` escape, so a
 * bidi override (U+202E) or a zero-width space inside a value shows as six visible
 * characters instead of silently reordering or hiding what follows. It only occurs
 * inside JSON strings, where the escape means the same character: the text still
 * parses to exactly the same value.
 */
export function visibleJson(json: string): string {
  return json.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
