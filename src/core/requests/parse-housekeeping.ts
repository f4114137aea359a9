import { parseDuration } from './duration.ts';
import { EXAMPLE_REQUEST_ID, exampleFor } from './examples.ts';
import { scanFlags, unexpectedArgument } from './flags.ts';
import { HELP_TOPICS } from './help-text.ts';
import type { HousekeepingCommand } from './request-types.ts';
import { InvalidRequestError, showToken } from './request-error.ts';
import { isRequestId } from './request-id.ts';
import { didYouMean } from './suggest.ts';
import type { Token } from './tokenize.ts';

/** Words that read or manage requests instead of filing one (`explain` is handled apart). */
export const HOUSEKEEPING_WORDS = ['status', 'list', 'cancel', 'extend', 'revoke', 'whoami', 'help'] as const;
/** One of {@link HOUSEKEEPING_WORDS}. */
export type HousekeepingWord = (typeof HOUSEKEEPING_WORDS)[number];

/** True when `word` (already lower-cased) starts a housekeeping command. */
export function isHousekeepingWord(word: string): word is HousekeepingWord {
  return (HOUSEKEEPING_WORDS as readonly string[]).includes(word);
}

function readId(word: HousekeepingWord, token: Token | undefined, example: string): string {
  if (token === undefined) {
    throw new InvalidRequestError(
      'missing_request_id',
      `${word} needs a request ID, e.g. ${EXAMPLE_REQUEST_ID}.`,
      example,
    );
  }
  const id = token.value.toLowerCase();
  if (!isRequestId(id)) {
    throw new InvalidRequestError(
      'invalid_request_id',
      `${showToken(token.value)} is not a request ID; IDs look like ${EXAMPLE_REQUEST_ID}.`,
      example,
    );
  }
  return id;
}

/**
 * Reads `status [ID]`, `list`, `cancel ID`, `extend ID --for DUR`, `revoke ID`,
 * `whoami` and `help [TOPIC]` from the words after the command word. Request IDs are
 * accepted in any case and returned lower-case; only `extend` takes a flag.
 */
export function readHousekeeping(word: HousekeepingWord, words: readonly Token[]): HousekeepingCommand {
  const example = exampleFor(word);
  const scanned = scanFlags(words, word === 'extend' ? ['for'] : [], {
    command: word,
    example,
  });
  const { positionals, flags } = scanned;
  const [first] = positionals;
  const expected = { status: 1, list: 0, cancel: 1, extend: 1, revoke: 1, whoami: 0, help: 1 }[word];
  const extra = positionals[expected];
  if (extra !== undefined) throw unexpectedArgument(extra, scanned, `after ${word}`, example);
  switch (word) {
    case 'list':
    case 'whoami':
      return { type: word };
    case 'status':
      return first === undefined ? { type: 'status' } : { type: 'status', id: readId(word, first, example) };
    case 'cancel':
    case 'revoke':
      return { type: word, id: readId(word, first, example) };
    case 'extend': {
      const id = readId(word, first, example);
      const duration = flags.get('for');
      if (duration === undefined) {
        throw new InvalidRequestError(
          'missing_duration',
          'extend needs --for with how much longer, e.g. --for 1h.',
          example,
        );
      }
      return { type: 'extend', id, durationSeconds: parseDuration(duration, example) };
    }
    case 'help': {
      if (first === undefined) return { type: 'help' };
      const topic = first.value.toLowerCase();
      if (!HELP_TOPICS.includes(topic)) {
        throw new InvalidRequestError(
          'unknown_help_topic',
          `There is no help on ${showToken(first.value)}.${didYouMean(topic, HELP_TOPICS)} Topics: ${HELP_TOPICS.join(', ')}.`,
          example,
        );
      }
      return { type: 'help', topic };
    }
  }
}
