import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kindInfo } from '../../../../src/core/requests/kinds.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';

describe('parseCommand housekeeping', () => {
  test('empty or blank text opens the form', () => {
    for (const text of ['', '   ', '\n\t ']) assert.deepEqual(parseCommand(text), { type: 'form' });
  });

  test('status with and without an ID', () => {
    assert.deepEqual(parseCommand('status'), { type: 'status' });
    assert.deepEqual(parseCommand('status cs-k7m2q4x5ba'), { type: 'status', id: 'cs-k7m2q4x5ba' });
  });

  test('list and whoami', () => {
    assert.deepEqual(parseCommand('list'), { type: 'list' });
    assert.deepEqual(parseCommand('WhoAmI'), { type: 'whoami' });
  });

  test('cancel and revoke take an ID, upper-case is lowered', () => {
    assert.deepEqual(parseCommand('cancel CS-K7M2Q4X5BA'), { type: 'cancel', id: 'cs-k7m2q4x5ba' });
    assert.deepEqual(parseCommand('revoke cs-aaaaaaaaaa'), { type: 'revoke', id: 'cs-aaaaaaaaaa' });
  });

  test('extend ID --for DUR', () => {
    assert.deepEqual(parseCommand('extend cs-k7m2q4x5ba --for 1h'), {
      type: 'extend',
      id: 'cs-k7m2q4x5ba',
      durationSeconds: 3600,
    });
    assert.deepEqual(parseCommand('extend --for=45m cs-k7m2q4x5ba'), {
      type: 'extend',
      id: 'cs-k7m2q4x5ba',
      durationSeconds: 2700,
    });
  });

  test('help with and without a topic', () => {
    assert.deepEqual(parseCommand('help'), { type: 'help' });
    assert.deepEqual(parseCommand('help Scale'), { type: 'help', topic: 'scale' });
    assert.deepEqual(parseCommand('help kinds'), { type: 'help', topic: 'kinds' });
  });

  test('explain wraps the change request, whose reason becomes optional', () => {
    assert.deepEqual(parseCommand('explain delete pod/web -n prod'), {
      type: 'explain',
      request: {
        type: 'action',
        verb: 'delete',
        target: { kind: kindInfo('Pod'), name: 'web', namespace: 'prod' },
        reason: '',
        breakGlass: false,
      },
    });
    const withReason = parseCommand('explain access role/view -n prod --for 1h --reason "debug"');
    assert.ok(withReason.type === 'explain' && withReason.request.type === 'access');
    assert.equal(withReason.request.reason, 'debug');
  });
});
