import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { storeKeys } from '../../../../src/adapters/store/keys.ts';

void describe('storeKeys', () => {
  void test('the console session secret and step-ups in flight are named by the store, under the prefix, as before', () => {
    const keys = storeKeys('cs');
    assert.equal(keys.consoleSessionSecret, 'cs:console:session-secret');
    assert.equal(keys.stepUpLink('ab12'), 'cs:stepup:link:ab12');
    assert.equal(keys.stepUpFlow('cd34'), 'cs:stepup:flow:cd34');
  });

  void test('no two kinds of key share a name', () => {
    const keys = storeKeys('cs');
    const names = [
      keys.request('x'),
      keys.openByRequester('x'),
      keys.pendingForGroup('x'),
      keys.activeGrants,
      keys.unreviewedBreakGlass,
      keys.inFlight,
      keys.messages('x'),
      keys.messageSlots('x'),
      keys.events('x'),
      keys.auditStream,
      keys.auditHead,
      keys.auditCheckpoint,
      keys.auditTrimmed,
      keys.auditSinkCursor('x'),
      keys.auditSinkLease('x'),
      keys.teamsConversations,
      keys.teamsPersonalChats,
      keys.teamsTeamChannels('x'),
      keys.teamsChannelsNamed('x'),
      keys.writeDone('x'),
      keys.slackDelivery('x'),
      keys.consoleSessionSecret,
      keys.stepUpLink('x'),
      keys.stepUpFlow('x'),
    ];
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.every((n) => n.startsWith('cs:')));
  });
});
