import { joinWithin } from '../../../core/cards/join-within.ts';
import { normaliseText } from '../../../core/cards/normalise-text.ts';
import { SLACK_LIMITS } from './slack-limits.ts';

/** How much of the user's text to keep. */
export interface EscapeOptions {
  /** Longest result in UTF-16 code units, `…` included. Default 3000, Slack's text-object limit. */
  readonly maxLength?: number;
  /** Most lines kept; the rest are joined onto the last with spaces. Default 10; 1 gives one line. */
  readonly maxLines?: number;
}

/**
 * Visible lookalikes for mrkdwn's formatting characters. Slack's mrkdwn has no
 * backslash escape, and invisible separators are unreliable (a zero-width space is
 * exactly what makes Slack format mid-word), so a marker that could open or close
 * formatting is swapped for a character that reads the same and means nothing.
 */
const LOOKALIKE: Readonly<Record<string, string>> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02cd', // ˍ modifier letter low macron
  '~': '\u223c', // ∼ tilde operator
  '`': '\u02cb', // ˋ modifier letter grave accent
};
const QUOTE_LOOKALIKE = '\u203a'; // › for a `>` that would start a block quote
const COLON_LOOKALIKE = '\u2236'; // ∶ for the colon that would open an emoji shortcode
const AT_LOOKALIKE = '\uff20'; // ＠ for @here, @channel, @everyone

const WORD = /[\p{L}\p{N}]/u;
const SHORTCODE = /:(?:[a-z0-9_'+-]*[a-z][a-z0-9_'+-]*|[+-]1):/giu;
const BROADCAST = /(?<![\p{L}\p{N}._+-])@(?:here|channel|everyone)\b/giu;

/**
 * Makes any user text inert inside a Slack `mrkdwn` text object, so a reason or a
 * name shows exactly as typed and nothing more:
 * - `&`, `<`, `>` become entities, so `<!channel>`, `<@U123>` and `<http://evil|bank.com>`
 *   can neither ping nor disguise a link;
 * - `*`, `~` and `` ` `` always become lookalikes, and so does `_` unless it sits between
 *   two letters or digits (`db_creds`, `first_last@example.com`), where Slack never
 *   italicises; so nothing is bolded, struck, italicised or code-fenced;
 * - a `>` starting a line becomes `›` (Slack quotes a line starting with `&gt;`);
 * - the opening colon of an emoji shortcode becomes `∶`, so user text cannot imitate a
 *   card's status emoji; `@here`/`@channel`/`@everyone` get a full-width `＠`;
 * - control and invisible characters go, blank lines collapse, lines are limited, and
 *   the result is cut to `maxLength` with `…`, never inside an entity.
 * Bare URLs and emails are left as they are: they show their real destination, and
 * Slack only auto-links them when `verbatim` is false, and every mrkdwn object that
 * carries user text is built with `verbatim: true` (see block-kit.ts).
 */
export function escapeSlackText(text: string, options: EscapeOptions = {}): string {
  const normalised = normaliseText(text, options.maxLines ?? 10);
  const chars = [...normalised];
  const special = specialPositions(chars);
  const units: string[] = [];
  let lineStart = true;
  chars.forEach((c, i) => {
    if (c === '\n') {
      units.push(c);
      lineStart = true;
      return;
    }
    if (c === '>' && lineStart) units.push(QUOTE_LOOKALIKE);
    else if (special.has(i)) units.push(special.get(i)!);
    else units.push(escapeChar(c, chars[i - 1], chars[i + 1]));
    if (c !== ' ') lineStart = false;
  });
  return joinWithin(units, options.maxLength ?? SLACK_LIMITS.text);
}

/**
 * Escapes text for inside a single-line code span (`` `...` ``): entities for `&<>`,
 * a lookalike for backticks (which would end the span), one line, cut with `…`.
 * Formatting characters are literal inside code, so commands keep their `*` and `_`.
 */
export function escapeSlackCode(text: string, maxLength: number = SLACK_LIMITS.text): string {
  return joinWithin([...normaliseText(text, 1)].map(codeUnit), maxLength);
}

/** One character as it may stand inside mrkdwn code: entities for `&<>`, a lookalike for `` ` ``, which would end it. */
export function codeUnit(c: string): string {
  return c === '`' ? LOOKALIKE['`']! : entity(c);
}

function entity(c: string): string {
  if (c === '&') return '&amp;';
  if (c === '<') return '&lt;';
  if (c === '>') return '&gt;';
  return c;
}

function escapeChar(c: string, before: string | undefined, after: string | undefined): string {
  const lookalike = LOOKALIKE[c];
  if (lookalike === undefined) return entity(c);
  const inWord = c === '_' && WORD.test(before ?? '') && WORD.test(after ?? '');
  return inWord ? c : lookalike;
}

/** Positions of shortcode-opening colons and broadcast `@`s, with their replacements. */
function specialPositions(chars: readonly string[]): Map<number, string> {
  const text = chars.join('');
  const byOffset = new Map<number, string>();
  for (const match of text.matchAll(SHORTCODE)) byOffset.set(match.index, COLON_LOOKALIKE);
  for (const match of text.matchAll(BROADCAST)) byOffset.set(match.index, AT_LOOKALIKE);
  const byIndex = new Map<number, string>();
  let offset = 0;
  chars.forEach((c, i) => {
    const replacement = byOffset.get(offset);
    if (replacement !== undefined) byIndex.set(i, replacement);
    offset += c.length;
  });
  return byIndex;
}

const ESCAPED_UNIT = /&(?:amp|lt|gt);|[\s\S]/gu;

/** Cuts already-escaped mrkdwn to `maxLength` with `…`, keeping `&amp;`, `&lt;`, `&gt;` whole. */
export function truncateEscaped(escaped: string, maxLength: number): string {
  return joinWithin(escaped.match(ESCAPED_UNIT) ?? [], maxLength);
}
