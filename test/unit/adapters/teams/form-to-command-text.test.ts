import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFormValues } from '../../../../src/adapters/teams/render/form-fields.ts';
import { formToCommandText, quoteWord } from '../../../../src/adapters/teams/render/form-to-command-text.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';

void describe('formToCommandText', () => {
  void test('an action form becomes the command a person would type', () => {
    const text = formToCommandText({
      kind: 'action',
      cluster: 'prod',
      verb: 'scale',
      target: 'deployment/api',
      namespace: 'prod-payments',
      replicas: '5',
      patch: '{"x":1}',
      reason: 'INC-4312 load\nnow',
      incident: 'INC-4312',
    });
    assert.equal(
      text,
      'scale deployment/api -n prod-payments --replicas 5 --cluster prod --incident INC-4312 --reason "INC-4312 load now"',
    );
    const parsed = parseCommand(text);
    assert.equal(parsed.type, 'action');
  });

  void test('namespaces are left out where they cannot apply', () => {
    assert.equal(
      formToCommandText({
        kind: 'action',
        verb: 'cordon',
        target: 'node/ip-1',
        namespace: 'prod',
        reason: 'r',
      }),
      'cordon node/ip-1 --reason r',
    );
    assert.equal(
      formToCommandText({
        kind: 'access',
        role: 'clusterrole/view',
        namespace: 'prod',
        duration: '1h',
        reason: 'r',
      }),
      'access clusterrole/view --for 1h --reason r',
    );
    assert.equal(
      formToCommandText({
        kind: 'access',
        role: 'role/view',
        namespace: 'prod',
        duration: '1h',
        reason: 'r',
      }),
      'access role/view -n prod --for 1h --reason r',
    );
  });

  void test('nothing typed into a field becomes a flag', () => {
    const text = formToCommandText({
      kind: 'action',
      verb: 'delete',
      target: 'pod/web',
      namespace: 'prod',
      reason: '--break-glass -n kube-system',
      incident: '--cluster',
    });
    assert.equal(quoteWord('--cluster'), '"--cluster"');
    const withIncident = parseCommand(text);
    assert.ok(withIncident.type === 'action');
    assert.equal(withIncident.incident, '--cluster');
    assert.equal(withIncident.cluster, undefined);
    const parsed = parseCommand(
      formToCommandText({
        kind: 'action',
        verb: 'delete',
        target: 'pod/web',
        namespace: 'prod',
        reason: '--break-glass -n kube-system',
      }),
    );
    assert.ok(parsed.type === 'action');
    assert.equal(parsed.reason, '--break-glass -n kube-system');
    assert.equal(parsed.breakGlass, false);
    assert.equal(parsed.target.namespace, 'prod');
  });

  void test('only the form’s own string fields are read from the invoke data', () => {
    assert.deepEqual(
      readFormValues({ reason: 'r', replicas: 3, requestId: 'cs-x', patch: { a: 1 }, extra: 'x' }),
      { replicas: '3', reason: 'r' },
    );
    assert.deepEqual(readFormValues('nope'), {});
  });
});
