import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Activity } from 'botbuilder';
import { commandTextOf } from '../../../../src/adapters/teams/ingress/command-text.ts';

const message = (text: string, mentioned = false): Activity =>
  ({
    type: 'message',
    text,
    recipient: { id: '28:bot', name: 'Countersign' },
    entities: mentioned
      ? [{ type: 'mention', text: '<at>Countersign</at>', mentioned: { id: '28:bot', name: 'Countersign' } }]
      : [],
  }) as unknown as Activity;

void describe('commandTextOf', () => {
  void test('drops the command word, with or without a slash', () => {
    assert.equal(commandTextOf(message('k8s-request status cs-abc')), 'status cs-abc');
    assert.equal(commandTextOf(message('/K8S-REQUEST list')), 'list');
    assert.equal(commandTextOf(message('k8s-request')), '');
    assert.equal(commandTextOf(message('whoami')), 'whoami');
    assert.equal(commandTextOf(message('k8s-requestx')), 'k8s-requestx');
  });

  void test('drops the bot’s @mention and keeps other mentions as names', () => {
    assert.equal(commandTextOf(message('<at>Countersign</at> k8s-request help', true)), 'help');
    assert.equal(
      commandTextOf(
        message('<at>Countersign</at> k8s-request delete pod/x --reason "ask <at>Bob</at>"', true),
      ),
      'delete pod/x --reason "ask Bob"',
    );
  });

  void test('undoes what Teams clients do to typed quotes and spaces', () => {
    assert.equal(
      commandTextOf(message('k8s-request delete pod/x\u00a0--reason \u201cstuck pod\u201d')),
      'delete pod/x --reason "stuck pod"',
    );
    assert.equal(
      commandTextOf(message('k8s-request x --reason &quot;a &amp; b&quot;')),
      'x --reason "a & b"',
    );
  });
});
