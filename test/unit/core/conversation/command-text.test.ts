import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { withoutCommandPrefix } from '../../../../src/core/conversation/command-text.ts';

describe('withoutCommandPrefix', () => {
  test('the command name may be typed, in any case, or left out', () => {
    assert.equal(withoutCommandPrefix('/k8s-request  list '), 'list');
    assert.equal(withoutCommandPrefix('k8s-request whoami'), 'whoami');
    assert.equal(withoutCommandPrefix('/K8S-REQUEST status cs-abc'), 'status cs-abc');
    assert.equal(withoutCommandPrefix('k8s-request\nhelp'), 'help');
    assert.equal(withoutCommandPrefix('k8s-request'), '');
    assert.equal(withoutCommandPrefix('whoami'), 'whoami');
    assert.equal(withoutCommandPrefix('/k8s-requestx'), '/k8s-requestx');
  });
});
