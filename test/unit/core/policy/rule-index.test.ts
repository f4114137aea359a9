import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { policyOf } from './policy-fixtures.ts';

const rule = (name: string, namespaces: string): string =>
  `    - { name: ${name}, match: { verbs: [delete], namespaces: ${namespaces} }, outcome: auto-approve }\n`;

describe('the rule index narrows by namespace', () => {
  const policy = policyOf(
    [
      rule('team-1-exact', '[team-1-prod]'),
      rule('team-1-glob', '[team-1-*]'),
      rule('team-12-glob', '[team-12-*]'),
      rule('team-2-exact', '[team-2-prod, team-2-staging]'),
      rule('any-prod', "['*-prod']"),
      '    - { name: anywhere, match: { verbs: [delete] }, outcome: auto-approve }\n',
      rule('team-prefix', "['team-*']"),
    ].join(''),
  );
  const at = (namespace?: string): readonly number[] =>
    policy.index.candidates({
      verb: 'delete',
      cluster: 'c',
      origin: 'chat',
      kind: 'Deployment',
      describe: '',
      ...(namespace === undefined ? {} : { namespace }),
    });

  test('an exact name, the prefix globs it starts with and the rules for any namespace, in policy order', () => {
    assert.deepEqual(at('team-1-prod'), [0, 1, 4, 5, 6]);
    assert.deepEqual(at('team-12-prod'), [2, 4, 5, 6]);
    assert.deepEqual(at('team-2-staging'), [3, 4, 5, 6]);
    assert.deepEqual(at('team-3-dev'), [4, 5, 6]);
    assert.deepEqual(at('other'), [4, 5]);
  });

  test('a subject without a namespace is tested only against rules without namespaces', () => {
    assert.deepEqual(at(), [5]);
  });
});
