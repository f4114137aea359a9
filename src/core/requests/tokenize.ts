import { EXAMPLES, asTyped } from './examples.ts';
import { InvalidRequestError, showToken } from './request-error.ts';

/** Longest command text accepted, in UTF-8 bytes (room for a 16 KiB patch and the rest). */
export const MAX_COMMAND_BYTES = 20 * 1024;

/** One word of a command after quotes are removed. */
export interface Token {
  readonly value: string;
  /** True when the token's first character was typed outside quotes: only then can it be a flag. */
  readonly bare: boolean;
}

type QuoteFamily = 'ascii-double' | 'ascii-single' | 'curly-double' | 'curly-single';

/** Opening characters and the family each opens; typographic quotes are what Slack and macOS substitute. */
const OPENERS: ReadonlyMap<string, QuoteFamily> = new Map([
  ['"', 'ascii-double'],
  ["'", 'ascii-single'],
  ['\u201c', 'curly-double'],
  ['\u201d', 'curly-double'],
  ['\u201e', 'curly-double'],
  ['\u2018', 'curly-single'],
  ['\u2019', 'curly-single'],
]);

const CLOSERS: Readonly<Record<QuoteFamily, string>> = {
  'ascii-double': '"',
  'ascii-single': "'",
  'curly-double': '\u201c\u201d\u201e',
  'curly-single': '\u2018\u2019',
};

const DOUBLE_ESCAPABLE = '"\\\u201c\u201d';
const WORD_CHAR = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

/**
 * Splits command text into tokens like a small shell without expansion: whitespace
 * separates, single and double quotes (ASCII or typographic, each closing its own
 * family) group, and inside double quotes a backslash escapes a quote or a
 * backslash. A typographic apostrophe inside a bare word (`won’t`) stays literal.
 * Throws `input_too_long` or `unbalanced_quote`.
 */
export function tokenize(text: string): Token[] {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_COMMAND_BYTES) {
    throw new InvalidRequestError(
      'input_too_long',
      `The command is ${bytes} bytes long; the limit is ${MAX_COMMAND_BYTES}.`,
      asTyped(EXAMPLES.delete),
    );
  }
  const chars = [...text];
  const tokens: Token[] = [];
  let current: string[] = [];
  let started = false;
  let bare = true;
  let quote: QuoteFamily | undefined;
  let quoteStart = 0;
  const finish = (): void => {
    if (started) tokens.push({ value: current.join(''), bare });
    current = [];
    started = false;
    bare = true;
  };
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (quote !== undefined) {
      if (CLOSERS[quote].includes(c)) {
        quote = undefined;
      } else if (quote.endsWith('double') && c === '\\' && DOUBLE_ESCAPABLE.includes(chars[i + 1] ?? '')) {
        current.push(chars[++i]!);
      } else {
        current.push(c);
      }
      continue;
    }
    if (SPACE.test(c)) {
      finish();
      continue;
    }
    const family = OPENERS.get(c);
    const apostrophe = c === '\u2019' && started && WORD_CHAR.test(current[current.length - 1] ?? '');
    if (family !== undefined && !apostrophe) {
      if (!started) bare = false;
      started = true;
      quote = family;
      quoteStart = i;
      continue;
    }
    started = true;
    current.push(c);
  }
  if (quote !== undefined) {
    const opened = chars.slice(quoteStart).join('');
    throw new InvalidRequestError(
      'unbalanced_quote',
      `The quote ${chars[quoteStart]} that starts ${showToken(opened)} is never closed.`,
      asTyped(EXAMPLES.delete),
    );
  }
  finish();
  return tokens;
}
