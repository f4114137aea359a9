import { ACCESS_EXAMPLES, COMMAND_WORDS, EXAMPLES, asTyped } from './examples.ts';
import { readAccess } from './parse-access.ts';
import { readAction } from './parse-action.ts';
import { isHousekeepingWord } from './parse-housekeeping.ts';
import { ACTION_VERBS, type ChatRequest } from './request-types.ts';
import { InvalidRequestError, showToken } from './request-error.ts';
import { didYouMean } from './suggest.ts';
import type { Token } from './tokenize.ts';

const READ_ONLY_KUBECTL = new Set([
  'get',
  'describe',
  'logs',
  'log',
  'exec',
  'port-forward',
  'attach',
  'cp',
  'top',
]);
const EDITING_KUBECTL = new Set(['edit', 'apply', 'set', 'label', 'annotate', 'replace']);

function unknownVerb(token: Token): InvalidRequestError {
  const word = token.value.toLowerCase();
  const shown = showToken(token.value);
  const general = asTyped(EXAMPLES.delete);
  if (token.bare && word.startsWith('-')) {
    return new InvalidRequestError(
      'unknown_verb',
      `Start with a command such as delete or access, not the flag ${shown}.`,
      general,
    );
  }
  if (word === 'kubectl') {
    return new InvalidRequestError(
      'unknown_verb',
      `Drop ${shown}: write the command itself, e.g. delete pod/NAME.`,
      general,
    );
  }
  if (READ_ONLY_KUBECTL.has(word)) {
    return new InvalidRequestError(
      'unknown_verb',
      `Countersign does not run ${shown}; ask for time-bound access to do it yourself.`,
      asTyped(ACCESS_EXAMPLES.rules),
    );
  }
  if (EDITING_KUBECTL.has(word)) {
    return new InvalidRequestError(
      'unknown_verb',
      `Countersign does not run ${shown}; use patch with a JSON merge patch.`,
      asTyped(EXAMPLES.patch),
    );
  }
  if (word === 'rollout') {
    return new InvalidRequestError(
      'unknown_verb',
      `Countersign does not run ${shown}; use restart or rollback.`,
      asTyped(EXAMPLES.restart),
    );
  }
  return new InvalidRequestError(
    'unknown_verb',
    `Unknown command ${shown}.${didYouMean(word, COMMAND_WORDS)} Commands: ${COMMAND_WORDS.join(', ')}.`,
    general,
  );
}

/** How to read a change request. */
export interface ChangeRequestOptions {
  /** False for `explain`, which files nothing and so may omit `--reason` (the reason is then `''`). */
  readonly reasonRequired: boolean;
}

/**
 * Reads an action or access request from tokens, the first being the verb
 * (case-insensitive). A housekeeping word or `explain` is refused with
 * `not_a_change_request`; anything else unknown with `unknown_verb`.
 */
export function readChangeRequest(tokens: readonly Token[], options: ChangeRequestOptions): ChatRequest {
  const [head, ...args] = tokens;
  if (head === undefined) {
    throw new InvalidRequestError(
      'missing_request',
      'Name the request to explain, e.g. delete pod/NAME -n NAMESPACE.',
      asTyped(EXAMPLES.explain),
    );
  }
  const word = head.value.toLowerCase();
  const verb = ACTION_VERBS.find((v) => v === word);
  if (verb !== undefined) return readAction(verb, args, options.reasonRequired);
  if (word === 'access') return readAccess(args, options.reasonRequired);
  if (isHousekeepingWord(word) || word === 'explain') {
    throw new InvalidRequestError(
      'not_a_change_request',
      `${showToken(head.value)} does not change a cluster; only actions and access requests can be explained.`,
      asTyped(EXAMPLES.explain),
    );
  }
  throw unknownVerb(head);
}
