import { joinWithin } from '../../../core/cards/join-within.ts';
import { normaliseText } from '../../../core/cards/normalise-text.ts';

/** How much of the user's text to keep. */
export interface EscapeOptions {
  /** Longest result in UTF-16 code units, `…` included. Default 1000. */
  readonly maxLength?: number;
  /** Most lines kept; the rest are joined onto the last with spaces. Default 10; 1 gives one line. */
  readonly maxLines?: number;
}

/**
 * Visible lookalikes for the characters Adaptive Card markdown acts on. Renderers
 * differ on backslash escapes, so a character that could format, or open a link, is
 * swapped for one that reads the same and means nothing.
 */
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
 * Makes user text inert inside an Adaptive Card TextBlock or Fact (both markdown),
 * so a reason or a name shows as typed and nothing more:
 * - `*`, `~`, `` ` `` always become lookalikes, and so does `_` unless it sits between
 *   two letters or digits (`db_creds`); nothing is bolded, struck or code-spanned;
 * - `[` and `]` become full-width brackets, so `[bank.com](https://evil)` cannot
 *   disguise a link (a bare URL still shows its real destination);
 * - `{{` cannot open a DATE()/TIME() function; a line cannot start a heading, quote or
 *   numbered/bulleted list (`#`, `>`, `1.`, `-`, `+`);
 * - `<at>` and `</at>` read `‹at>` and `‹/at>`: only the renderer's own mentions
 *   (teams-mentions.ts) are tags Teams acts on;
 * - control and invisible characters (zero-width, bidi overrides) go, blank lines
 *   collapse, lines are limited, and the result is cut to `maxLength` with `…`.
 * Adaptive Cards render no HTML, so other `<`, `>` and `&` are shown as they are.
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

/**
 * One inert line for the places a client may or may not read markdown (a card's
 * `fallbackText`, a notification summary, a click's message): escaped like card text.
 */
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
