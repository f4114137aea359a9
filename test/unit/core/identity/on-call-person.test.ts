import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIdentityTable } from '../../../../src/core/identity/identity-table.ts';
import { isOnCall } from '../../../../src/core/identity/on-call-person.ts';
import { resolvePrincipal, type IdentityRules } from '../../../../src/core/identity/resolve-principal.ts';
import type { OnCallRoster } from '../../../../src/core/ports/on-call.ts';

const table = parseIdentityTable(
  {
    slack: { U1: { username: 'alice', groups: [] } },
    people: [{ slack: ['U1'], pagerduty: ['PALICE'], opsgenie: ['Alice@Example.com'] }],
  },
  'test',
);
const rules = (mode: 'table' | 'email'): IdentityRules => ({ mode, table, emailUsernamePrefix: '' });
const pd = (users: { id: string; email?: string }[]): OnCallRoster => ({
  target: { provider: 'pagerduty', scheduleId: 'P1' },
  users,
  checkedAt: 0,
});
const og = (ids: string[]): OnCallRoster => ({
  target: { provider: 'opsgenie', scheduleId: 's' },
  users: ids.map((id) => ({ id })),
  checkedAt: 0,
});

test('an on-call user is a person by the ID the identity table links, never by a name or (in table mode) an email', () => {
  const alice = resolvePrincipal(rules('table'), {
    platform: 'slack',
    userId: 'U1',
    email: 'alice@example.com',
  });
  assert.equal(isOnCall(alice, pd([{ id: 'PALICE' }])), true);
  assert.equal(isOnCall(alice, pd([{ id: 'POTHER', email: 'alice@example.com' }])), false);
  assert.equal(isOnCall(alice, og(['alice@example.com'])), true, 'Opsgenie usernames compare ignoring case');
  assert.equal(isOnCall(alice, og(['bob@example.com'])), false);
  // Someone the table links to no PagerDuty user.
  const stranger = {
    platform: 'slack' as const,
    platformUserId: 'U2',
    username: 'PALICE',
    groups: [],
    displayName: 'PALICE',
    identityMode: 'table' as const,
  };
  assert.equal(isOnCall(stranger, pd([{ id: 'PALICE' }])), false);
});

test('in email identity mode the email the service reports counts, since the email is identity there', () => {
  const carol = resolvePrincipal(rules('email'), {
    platform: 'slack',
    userId: 'U9',
    email: 'Carol@example.com',
  });
  assert.equal(isOnCall(carol, pd([{ id: 'PCAROL', email: 'carol@example.com' }])), true);
  assert.equal(isOnCall(carol, og(['carol@example.com'])), true);
  assert.equal(isOnCall(carol, pd([{ id: 'PCAROL' }])), false);
});
