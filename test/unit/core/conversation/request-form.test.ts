import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formToCommandText,
  parseFormRequest,
  quoteWord,
  readRequestForm,
} from '../../../../src/core/conversation/request-form.ts';
import { UserFacingError } from '../../../../src/core/errors.ts';
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

  void test('without a kind, a chosen role means access (the console copy used to file an action)', () => {
    const text = formToCommandText({ role: 'role/view', namespace: 'prod', duration: '1h', reason: 'debug' });
    assert.equal(text, 'access role/view -n prod --for 1h --reason debug');
    assert.equal(parseCommand(text).type, 'access');
    assert.equal(
      formToCommandText({ verb: 'restart', target: 'deployment/api', namespace: 'prod', reason: 'r' }),
      'restart deployment/api -n prod --reason r',
    );
  });

  void test('only the form’s own string fields are read from submitted data', () => {
    assert.deepEqual(
      readRequestForm({ reason: 'r', replicas: 3, requestId: 'cs-x', patch: { a: 1 }, extra: 'x' }),
      { replicas: '3', reason: 'r' },
    );
    assert.deepEqual(readRequestForm('nope'), {});
  });
});

void describe('formToCommandText, as the console posts it', () => {
  void test('an action form becomes the command the grammar reads, namespace dropped for nodes', () => {
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

  void test('access forms carry the role, namespace and duration', () => {
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

  void test('a field cannot smuggle a flag: values are quoted words', () => {
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

void describe('parseFormRequest', () => {
  void test('a filled form files its action or access request', () => {
    const action = parseFormRequest(
      formToCommandText({ verb: 'restart', target: 'deployment/api', namespace: 'prod', reason: 'stuck' }),
    );
    assert.equal(action.type, 'action');
    const access = parseFormRequest(
      formToCommandText({ role: 'role/debugger', namespace: 'prod', duration: '1h', reason: 'INC-1' }),
    );
    assert.equal(access.type, 'access');
  });

  void test('a form with nothing chosen is refused with what to fill in, not read as a housekeeping command', () => {
    assert.throws(() => parseFormRequest(formToCommandText({})), {
      code: 'form_incomplete',
      message: 'Fill in what you need: an action and its target, or a role.',
    });
    assert.throws(
      () => parseFormRequest(formToCommandText({ kind: 'action', reason: 'x' })),
      UserFacingError,
    );
  });
});
