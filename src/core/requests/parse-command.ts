import { readChangeRequest } from './parse-change-request.ts';
import { isHousekeepingWord, readHousekeeping } from './parse-housekeeping.ts';
import type { Command } from './request-types.ts';
import { tokenize } from './tokenize.ts';

/**
 * Parses what follows `/k8s-request` into a typed {@link Command}: an action, an
 * access request, or a housekeeping command; empty text asks for the form. `explain`
 * wraps the change request after it, whose `--reason` is then optional. Throws only
 * `UserFacingError`s (`InvalidRequestError`) with a stable code, a message naming
 * what is wrong, and a correct example; nothing is ever half-parsed.
 */
export function parseCommand(text: string): Command {
  const tokens = tokenize(text);
  const [head, ...rest] = tokens;
  if (head === undefined) return { type: 'form' };
  const word = head.value.toLowerCase();
  if (isHousekeepingWord(word)) return readHousekeeping(word, rest);
  if (word === 'explain')
    return { type: 'explain', request: readChangeRequest(rest, { reasonRequired: false }) };
  return readChangeRequest(tokens, { reasonRequired: true });
}
