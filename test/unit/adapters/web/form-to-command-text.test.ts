import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formToCommandText } from '../../../../src/adapters/web/form-to-command-text.ts';
import { commandTextOf } from '../../../../src/adapters/web/on-submit.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';

describe('formToCommandText', () => {
  test('an action form becomes the command the grammar reads, namespace dropped for nodes', () => {
    assert.equal(
      formToCommandText({
        kind: 'action',
        verb: 'scale',
        target: 'deployment/api',
        namespace: 'prod',
        replicas: '5',
        reason: 'load\nspike',
      }),
      'scale deployment/api -n prod --replicas 5 --reason "load spike"',
    );
    assert.equal(
      formToCommandText({
        kind: 'action',
        verb: 'cordon',
        target: 'node/ip-1',
        namespace: 'prod',
        replicas: '5',
        reason: 'disk',
      }),
      'cordon node/ip-1 --reason disk',
    );
  });

  test('access forms carry the role, namespace and duration', () => {
    const text = formToCommandText({
      kind: 'access',
      role: 'role/view',
      namespace: 'prod-payments',
      duration: '1h',
      reason: 'debug',
    });
    assert.equal(text, 'access role/view -n prod-payments --for 1h --reason debug');
    const parsed = parseCommand(text);
    assert.equal(parsed.type, 'access');
  });

  test('a field cannot smuggle a flag: values are quoted words', () => {
    const text = formToCommandText({
      kind: 'action',
      verb: 'delete',
      target: 'pod/x',
      namespace: 'prod',
      reason: '--break-glass --cluster other',
    });
    const parsed = parseCommand(text);
    assert.ok(parsed.type === 'action');
    assert.equal(parsed.cluster, undefined);
    assert.equal(parsed.breakGlass, false);
    assert.equal(parsed.reason, '--break-glass --cluster other');
    assert.throws(
      () =>
        parseCommand(
          formToCommandText({
            kind: 'action',
            verb: 'delete',
            target: 'pod/x',
            namespace: 'prod --cluster other',
            reason: 'x',
          }),
        ),
      { code: 'invalid_namespace' },
      'a namespace with a flag in it is one bad word, refused whole',
    );
  });
});

describe('commandTextOf', () => {
  test('the chat prefix may be typed or left out', () => {
    assert.equal(commandTextOf('/k8s-request  list '), 'list');
    assert.equal(commandTextOf('k8s-request whoami'), 'whoami');
    assert.equal(commandTextOf('whoami'), 'whoami');
    assert.equal(commandTextOf('/k8s-requestx'), '/k8s-requestx');
  });
});
