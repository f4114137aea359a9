import fc from 'fast-check';
import { HELP_TOPICS } from '../../../../src/core/requests/help-text.ts';
import { KINDS } from '../../../../src/core/requests/kinds.ts';
import { formatRequestId } from '../../../../src/core/requests/request-id.ts';
import { ACTION_VERBS, type Command } from '../../../../src/core/requests/request-types.ts';
import { accessCase } from './access-arbitraries.ts';
import { actionCase } from './action-arbitraries.ts';
import { anyCase, assemble, duration, type Case } from './typed-text-arbitraries.ts';

const requestId = fc.uint8Array({ minLength: 7, maxLength: 7 }).map(formatRequestId);

/** A valid housekeeping or explain command with the value it must parse to. */
export const housekeepingCase: fc.Arbitrary<Case> = fc.oneof(
  fc.constantFrom<Case>(
    { text: 'list', expected: { type: 'list' } },
    { text: 'whoami', expected: { type: 'whoami' } },
    { text: '', expected: { type: 'form' } },
  ),
  fc.option(requestId, { nil: undefined }).chain((id) =>
    anyCase(id ?? '').map((typedId): Case => ({
      text: `status ${typedId}`,
      expected: id === undefined ? { type: 'status' } : { type: 'status', id },
    })),
  ),
  fc
    .tuple(fc.constantFrom('cancel', 'revoke'), requestId)
    .chain(([word, id]) =>
      anyCase(id).map((t): Case => ({ text: `${word} ${t}`, expected: { type: word, id } })),
    ),
  fc.tuple(requestId, duration).chain(([id, d]) =>
    assemble('extend', [id, `--for ${d.text}`]).map((text): Case => ({
      text,
      expected: { type: 'extend', id, durationSeconds: d.seconds },
    })),
  ),
  fc.option(fc.constantFrom(...HELP_TOPICS), { nil: undefined }).chain((topic) =>
    anyCase(topic ?? '').map((t): Case => ({
      text: `help ${t}`,
      expected: topic === undefined ? { type: 'help' } : { type: 'help', topic },
    })),
  ),
  fc.oneof(actionCase(false), accessCase(false)).map((inner) => ({
    text: `explain ${inner.text}`,
    expected: { type: 'explain', request: inner.expected } as Command,
  })),
);

/** Any valid command with the typed value it must parse to. */
export const validCase: fc.Arbitrary<Case> = fc.oneof(
  { weight: 4, arbitrary: actionCase(true) },
  { weight: 3, arbitrary: accessCase(true) },
  { weight: 2, arbitrary: housekeepingCase },
);

/** Words of the grammar, plus near misses, for token soup. */
export const VOCABULARY: readonly string[] = [
  ...ACTION_VERBS,
  ...[
    'access',
    'explain',
    'status',
    'list',
    'cancel',
    'extend',
    'revoke',
    'whoami',
    'help',
    'kubectl',
    'get',
  ],
  ...KINDS.flatMap((k) => k.aliases.flatMap((a) => [a, `${a}/web`, `${a}/`])),
  ...['role/view', 'clusterrole/admin', 'get,list', 'pods/log', 'secret/db-creds', '*', 'escalate', 'bind'],
  ...[
    '-n',
    '--namespace',
    '--reason',
    '--for',
    '--replicas',
    '--patch',
    '--to-revision',
    '--cluster',
    '--incident',
  ],
  ...[
    '--break-glass',
    '--reason=',
    '-n=',
    '--',
    '-',
    '--force',
    '1h',
    '0',
    '-1',
    '1001',
    '30d',
    '31d',
    'cs-k7m2q4x5ba',
  ],
  ...[
    '{"a":1}',
    '{}',
    '[]',
    'prod',
    'Prod',
    'INC-1',
    '"',
    "'",
    '“',
    '”',
    '‘',
    '’',
    '\\',
    '=',
    ',',
    '/',
    '🙃',
  ],
];
