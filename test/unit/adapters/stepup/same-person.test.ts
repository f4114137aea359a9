import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isSamePerson } from '../../../../src/adapters/stepup/same-person.ts';
import type { SignedInIdentity } from '../../../../src/adapters/stepup/signed-in-identity.ts';
import type { IdentityRules } from '../../../../src/core/identity/resolve-principal.ts';
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
    assert.equal(isSamePerson(signedIn(), webBob, undefined), true);
    assert.equal(isSamePerson(signedIn({ subject: 'sub-mallory' }), webBob, undefined), false);
  });

  test('a chat user matches by verified email, ignoring case', () => {
    assert.equal(isSamePerson(signedIn(), slackBob, undefined), true);
    assert.equal(isSamePerson(signedIn({ email: 'mallory@example.com' }), slackBob, undefined), false);
  });

  test('an unverified email never counts', () => {
    assert.equal(isSamePerson(signedIn({ emailVerified: false }), slackBob, undefined), false);
    assert.equal(
      isSamePerson(
        signedIn({ emailVerified: false }),
        { ...slackBob, username: 'oidc:bob@example.com' },
        rules('email'),
      ),
      false,
    );
  });

  test('a chat user without an email matches through the username the identity rules give the subject', () => {
    const noEmail: Principal = { ...slackBob, email: undefined };
    assert.equal(isSamePerson(signedIn(), noEmail, undefined), false);
    const table = rules('table', { 'sub-bob': { username: 'bob@example.com', groups: [] } });
    assert.equal(isSamePerson(signedIn({ emailVerified: false }), noEmail, table), true);
    assert.equal(isSamePerson(signedIn({ subject: 'sub-other' }), noEmail, table), false);
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
