import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commandTextOf } from '../../../../src/adapters/web/ingress/on-submit.ts';

describe('commandTextOf', () => {
  test('the chat prefix may be typed or left out', () => {
    assert.equal(commandTextOf('/k8s-request  list '), 'list');
    assert.equal(commandTextOf('k8s-request whoami'), 'whoami');
    assert.equal(commandTextOf('whoami'), 'whoami');
    assert.equal(commandTextOf('/k8s-requestx'), '/k8s-requestx');
  });
});
