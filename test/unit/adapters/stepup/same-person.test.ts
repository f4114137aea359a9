import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isSamePerson } from '../../../../src/adapters/stepup/same-person.ts';
import type { SignedInIdentity } from '../../../../src/adapters/stepup/signed-in-identity.ts';
import { parseIdentityTable } from '../../../../src/core/identity/identity-table.ts';
import { resolvePrincipal, type IdentityRules } from '../../../../src/core/identity/resolve-principal.ts';
import type { Principal } from '../../../../src/core/ports/identity.ts';

const signedIn = (overrides: Partial<SignedInIdentity> = {}): SignedInIdentity => ({
  issuer: 'https://id.example.com',
  subject: 'sub-bob',
  amr: ['mfa'],
  authTime: 0,
  email: 'Bob@Example.com',
  emailVerified: true,
  ...overrides,
});

const slackBob: Principal = {
  platform: 'slack',
  platformUserId: 'U0BOB',
  username: 'bob@example.com',
  groups: [],
  email: 'bob@example.com',
};
const webBob: Principal = { platform: 'web', platformUserId: 'sub-bob', username: 'bob', groups: [] };

const rules = (
  mode: 'table' | 'email',
  web: Record<string, { username: string; groups: string[] }> = {},
): IdentityRules => ({
  mode,
  emailUsernamePrefix: mode === 'email' ? 'oidc:' : '',
  table: { slack: {}, teams: {}, web, emailGroups: {} },
});

describe('isSamePerson', () => {
  test('a console user is the same person only by OIDC subject', () => {
    assert.equal(isSamePerson(signedIn(), webBob, rules('table')), true);
    assert.equal(isSamePerson(signedIn({ subject: 'sub-mallory' }), webBob, rules('table')), false);
  });

  test('in table mode a verified email equal to the chat user’s email never counts; the mapped subject does', () => {
    assert.equal(isSamePerson(signedIn(), slackBob, rules('table')), false);
    const table = rules('table', { 'sub-bob': { username: 'bob@example.com', groups: [] } });
    assert.equal(isSamePerson(signedIn({ emailVerified: false }), slackBob, table), true);
    assert.equal(isSamePerson(signedIn({ subject: 'sub-other' }), slackBob, table), false);
  });

  test('the table’s people links a subject to a chat user with another username', () => {
    const tableOf = (people: unknown[]): IdentityRules => ({
      mode: 'table',
      emailUsernamePrefix: '',
      table: parseIdentityTable(
        {
          slack: { U0BOB: { username: 'bob@example.com' } },
          web: { 'sub-bob': { username: 'robert' } },
          people,
        },
        'test',
      ),
    });
    const linked = tableOf([{ slack: ['U0BOB'], web: ['sub-bob'] }]);
    const unlinked = tableOf([]);
    const slackUser = { platform: 'slack', userId: 'U0BOB', email: 'bob@example.com' } as const;
    assert.equal(isSamePerson(signedIn(), resolvePrincipal(linked, slackUser), linked), true);
    assert.equal(isSamePerson(signedIn(), resolvePrincipal(unlinked, slackUser), unlinked), false);
  });

  test('an unverified email never counts', () => {
    assert.equal(
      isSamePerson(
        signedIn({ emailVerified: false }),
        { ...slackBob, username: 'oidc:bob@example.com' },
        rules('email'),
      ),
      false,
    );
  });

  test('in email mode the verified email maps, with its prefix, to the chat user’s username', () => {
    const teamsBob: Principal = {
      platform: 'teams',
      platformUserId: 'aad-1',
      username: 'oidc:bob@example.com',
      groups: [],
    };
    assert.equal(isSamePerson(signedIn(), teamsBob, rules('email')), true);
    assert.equal(isSamePerson(signedIn({ email: 'eve@example.com' }), teamsBob, rules('email')), false);
  });
});
