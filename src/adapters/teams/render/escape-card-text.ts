import { joinWithin } from '../../../core/cards/join-within.ts';
import { normaliseText } from '../../../core/cards/normalise-text.ts';

/** How much of the user's text to keep: UTF-16 units with `…` (default 1000), lines (default 10; the rest join the last). */
export interface EscapeOptions {
  readonly maxLength?: number;
  readonly maxLines?: number;
}

/** Lookalikes for what Adaptive Card markdown acts on (renderers differ on backslash escapes). */
const LOOKALIKE: Readonly<Record<string, string>> = {
  '*': '\u2217', // ∗
  '~': '\u223c', // ∼
  '`': '\u02cb', // ˋ
  '[': '\uff3b', // ［
  ']': '\uff3d', // ］
};
const UNDERSCORE = '\u02cd'; // ˍ
const BRACE = '\uff5b'; // ｛ for the `{{` that opens a DATE()/TIME() function
const ANGLE = '\u2039'; // ‹ for the `<` of an `<at>` or `</at>` mention tag
const AT_TAG = /^\/?at(?![a-z])/i;
const WORD = /[\p{L}\p{N}]/u;

/**
 * Makes user text inert in an Adaptive Card TextBlock or Fact (markdown): `*`, `~`,
 * `` ` ``, `_` (unless inside a word), `[`, `]`, a `{{` (DATE/TIME), an `<at>` tag and a
 * line's leading `#`, `>`, `1.`, `-`, `+` become lookalikes; invisible characters go,
 * blank lines collapse, lines and length are limited (`…`). Cards render no HTML.
 */
export function escapeCardText(text: string, options: EscapeOptions = {}): string {
  const lines = normaliseText(text, options.maxLines ?? 10).split('\n');
  const units: string[] = [];
  lines.forEach((line, index) => {
    if (index > 0) units.push('\n');
    units.push(...escapeLine(line));
  });
  return joinWithin(units, options.maxLength ?? 1000);
}

/** One inert line where a client may or may not read markdown (fallback text, a summary, a click's message). */
export function plainCardText(text: string, maxLength: number): string {
  return escapeCardText(text, { maxLines: 1, maxLength });
}

function escapeLine(line: string): string[] {
  const chars = [...line];
  const out = chars.map((char, i) => {
    const lookalike = LOOKALIKE[char];
    if (lookalike) return lookalike;
    if (char === '_') {
      const inWord = WORD.test(chars[i - 1] ?? '') && WORD.test(chars[i + 1] ?? '');
      return inWord ? char : UNDERSCORE;
    }
    if (char === '{' && chars[i + 1] === '{') return BRACE;
    if (char === '<' && AT_TAG.test(chars.slice(i + 1, i + 5).join(''))) return ANGLE;
    return char;
  });
  const start = chars.findIndex((c) => c !== ' ');
  if (start < 0) return out;
  const first = chars[start];
  if (first === '#')
    out[start] = '\uff03'; // ＃
  else if (first === '>')
    out[start] = '\u203a'; // ›
  else if ((first === '-' || first === '+') && (chars[start + 1] ?? ' ') === ' ') {
    out[start] = first === '-' ? '\u2010' : '\uff0b'; // ‐ ＋
  } else {
    const digits = /^\d+/.exec(line.slice(start))?.[0];
    const after = digits ? start + [...digits].length : -1;
    if (digits && (chars[after] === '.' || chars[after] === ')') && (chars[after + 1] ?? ' ') === ' ') {
      out[after] = chars[after] === '.' ? '\u2024' : '\uff09'; // ․ ）
    }
  }
  return out;
}
