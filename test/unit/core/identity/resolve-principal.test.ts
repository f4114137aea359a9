import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIdentityTable } from '../../../../src/core/identity/identity-table.ts';
import { resolvePrincipal } from '../../../../src/core/identity/resolve-principal.ts';

const table = parseIdentityTable(
  {
    slack: { U0ALICE: { username: 'alice@example.com', groups: ['developers'] } },
    emailGroups: { 'bob@example.com': ['sre'] },
  },
  'test',
);

describe('resolvePrincipal', () => {
  test('table mode maps the immutable user ID, never the email', () => {
    const alice = resolvePrincipal(
      { mode: 'table', table, emailUsernamePrefix: '' },
      { platform: 'slack', userId: 'U0ALICE', email: 'someone-else@example.com' },
    );
    assert.equal(alice.username, 'alice@example.com');
    assert.deepEqual(alice.groups, ['developers']);
    assert.throws(
      () =>
        resolvePrincipal(
          { mode: 'table', table, emailUsernamePrefix: '' },
          { platform: 'slack', userId: 'U0BOB', email: 'bob@example.com' },
        ),
      { code: 'unknown_identity', message: /U0BOB/ },
    );
  });

  test('email mode uses the prefix and emailGroups, lower-cased, after the table', () => {
    const rules = { mode: 'email' as const, table, emailUsernamePrefix: 'oidc:' };
    const bob = resolvePrincipal(rules, { platform: 'slack', userId: 'U0BOB', email: 'Bob@Example.com' });
    assert.equal(bob.username, 'oidc:bob@example.com');
    assert.deepEqual(bob.groups, ['sre']);
    assert.equal(
      resolvePrincipal(rules, { platform: 'slack', userId: 'U0ALICE' }).username,
      'alice@example.com',
    );
    assert.throws(() => resolvePrincipal(rules, { platform: 'teams', userId: 'x' }), {
      code: 'unknown_identity',
    });
  });

  test('a malformed table names the bad path', () => {
    assert.throws(
      () => parseIdentityTable({ slack: { U1: { groups: [] } } }, 'ids.yaml'),
      /slack\.U1\.username/,
    );
  });
});
