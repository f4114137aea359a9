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

  test('people links identifiers across platforms; the links ride on the principal', () => {
    const linked = parseIdentityTable(
      {
        slack: { U0ALICE: { username: 'alice' } },
        people: [
          {
            slack: ['U0ALICE'],
            teams: ['6F1C2B9E-AAAA-4000-8000-000000000001'],
            emails: ['Alice@Corp.example'],
          },
        ],
      },
      'test',
    );
    const alice = resolvePrincipal(
      { mode: 'table', table: linked, emailUsernamePrefix: '' },
      { platform: 'slack', userId: 'U0ALICE', email: 'alice@example.com' },
    );
    assert.equal(alice.identityMode, 'table');
    assert.deepEqual(alice.links, ['teams:6f1c2b9e-aaaa-4000-8000-000000000001', 'email:alice@corp.example']);
    const teamsAlice = resolvePrincipal(
      { mode: 'email', table: linked, emailUsernamePrefix: '' },
      { platform: 'teams', userId: 'aad-other', email: 'alice@corp.example' },
    );
    assert.deepEqual(teamsAlice.links, ['slack:U0ALICE', 'teams:6f1c2b9e-aaaa-4000-8000-000000000001']);
  });

  test('in table mode a chat email never finds a link', () => {
    const linked = parseIdentityTable(
      {
        slack: { U0MALLORY: { username: 'mallory' } },
        people: [{ slack: ['U0ALICE'], emails: ['alice@corp.example'] }],
      },
      'test',
    );
    const mallory = resolvePrincipal(
      { mode: 'table', table: linked, emailUsernamePrefix: '' },
      { platform: 'slack', userId: 'U0MALLORY', email: 'alice@corp.example' },
    );
    assert.equal(mallory.links, undefined);
  });

  test('a bad people entry names its path: one identifier, two owners, an unknown key', () => {
    assert.throws(
      () => parseIdentityTable({ people: [{ slack: ['U1'] }] }, 'ids.yaml'),
      /people\.0: a person links at least two identifiers/,
    );
    assert.throws(
      () =>
        parseIdentityTable(
          {
            people: [
              { slack: ['U1'], emails: ['a@x.example'] },
              { emails: ['A@X.example'], usernames: ['a'] },
            ],
          },
          'ids.yaml',
        ),
      /people\.1: email:a@x\.example is also listed under people\.0; an identifier belongs to one person/,
    );
    assert.throws(
      () => parseIdentityTable({ people: [{ slack: ['U1'], phone: ['1'] }] }, 'ids.yaml'),
      /people\.0/,
    );
  });
});
