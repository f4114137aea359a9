import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kindInfo } from '../../../../src/core/requests/kinds.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';

const pod = kindInfo('Pod');
const deployment = kindInfo('Deployment');
const node = kindInfo('Node');

describe('parseCommand actions', () => {
  test('delete pod/NAME -n NS --reason', () => {
    assert.deepEqual(parseCommand('delete pod/web-7f9c -n prod-payments --reason "stuck in Terminating"'), {
      type: 'action',
      verb: 'delete',
      target: { kind: pod, name: 'web-7f9c', namespace: 'prod-payments' },
      reason: 'stuck in Terminating',
      breakGlass: false,
    });
  });

  test('scale with --replicas, flags in any order and --flag=value', () => {
    assert.deepEqual(parseCommand('scale --reason=load --replicas=5 deployment/api --namespace=prod'), {
      type: 'action',
      verb: 'scale',
      target: { kind: deployment, name: 'api', namespace: 'prod' },
      replicas: 5,
      reason: 'load',
      breakGlass: false,
    });
    assert.equal(parseCommand('scale sts/db --replicas 0 -n prod --reason r').type, 'action');
  });

  test('restart works on deployments, statefulsets and daemonsets', () => {
    for (const kind of ['deployment', 'statefulset', 'daemonset']) {
      const request = parseCommand(`restart ${kind}/api -n prod --reason r`);
      assert.ok(request.type === 'action' && request.target.kind.kind.toLowerCase() === kind);
    }
  });

  test('cordon, uncordon and drain take a node, also bare as kubectl does', () => {
    for (const verb of ['cordon', 'uncordon', 'drain'] as const) {
      for (const target of ['node/ip-10-0-1-12', 'no ip-10-0-1-12', 'ip-10-0-1-12', 'Nodes/ip-10-0-1-12']) {
        assert.deepEqual(parseCommand(`${verb} ${target} --reason "kernel upgrade"`), {
          type: 'action',
          verb,
          target: { kind: node, name: 'ip-10-0-1-12' },
          reason: 'kernel upgrade',
          breakGlass: false,
        });
      }
    }
  });

  test('patch parses the JSON merge patch', () => {
    const request = parseCommand(`patch deploy/api -n prod --patch '{"spec":{"paused":true}}' --reason hold`);
    assert.ok(request.type === 'action' && request.verb === 'patch');
    assert.deepEqual(request.patch, { spec: { paused: true } });
  });

  test('patch accepts JSON whose quotes chat made typographic', () => {
    const request = parseCommand('patch deploy/api -n prod --patch ‘{“spec”:{“paused”:true}}’ --reason hold');
    assert.ok(request.type === 'action' && request.verb === 'patch');
    assert.deepEqual(request.patch, { spec: { paused: true } });
  });

  test('patch in double quotes with backslash escapes', () => {
    const request = parseCommand('patch cm/app -n prod --patch "{\\"data\\":{\\"k\\":\\"v\\"}}" --reason r');
    assert.ok(request.type === 'action' && request.verb === 'patch');
    assert.deepEqual(request.patch, { data: { k: 'v' } });
  });

  test('rollback with and without --to-revision', () => {
    const plain = parseCommand('rollback deployment/api -n prod --reason bad');
    assert.ok(plain.type === 'action' && plain.verb === 'rollback');
    assert.equal('toRevision' in plain, false);
    const pinned = parseCommand('rollback deployment/api -n prod --to-revision 3 --reason bad');
    assert.ok(pinned.type === 'action' && pinned.verb === 'rollback');
    assert.equal(pinned.toRevision, 3);
  });

  test('KIND NAME as two words, like kubectl', () => {
    const request = parseCommand('delete pod web-7f9c -n prod --reason r');
    assert.ok(request.type === 'action');
    assert.deepEqual(request.target, { kind: pod, name: 'web-7f9c', namespace: 'prod' });
  });

  test('kind aliases: deploy, po, sts, ds, rs, svc, cm, pvc, no and plurals, any case', () => {
    const cases: [string, string][] = [
      ['delete deploy/a -n p', 'Deployment'],
      ['delete po/a -n p', 'Pod'],
      ['delete PODS/a -n p', 'Pod'],
      ['delete sts/a -n p', 'StatefulSet'],
      ['delete ds/a -n p', 'DaemonSet'],
      ['delete rs/a -n p', 'ReplicaSet'],
      ['delete svc/a -n p', 'Service'],
      ['delete cm/a -n p', 'ConfigMap'],
      ['delete pvc/a -n p', 'PersistentVolumeClaim'],
      ['delete cj/a -n p', 'CronJob'],
      ['cordon no/a', 'Node'],
      ['DELETE Deployment/a -n p', 'Deployment'],
    ];
    for (const [text, kind] of cases) {
      const request = parseCommand(`${text} --reason r`);
      assert.ok(request.type === 'action', text);
      assert.equal(request.target.kind.kind, kind, text);
    }
  });

  test('common flags: --cluster, --incident, --break-glass', () => {
    assert.deepEqual(
      parseCommand('delete pod/x -n prod --reason r --cluster eu-1 --incident INC-4312 --break-glass'),
      {
        type: 'action',
        verb: 'delete',
        target: { kind: pod, name: 'x', namespace: 'prod' },
        reason: 'r',
        breakGlass: true,
        cluster: 'eu-1',
        incident: 'INC-4312',
      },
    );
  });

  test('the reason is trimmed and may hold quotes and unicode', () => {
    const request = parseCommand(`delete pod/x -n prod --reason "  it's \\"stuck\\" 🙃 — ünïcode  "`);
    assert.ok(request.type === 'action');
    assert.equal(request.reason, 'it\'s "stuck" 🙃 — ünïcode');
  });

  test('Service names follow DNS-1035: a leading digit is refused', () => {
    assert.throws(() => parseCommand('delete svc/1api -n prod --reason r'), { code: 'invalid_name' });
    assert.equal(parseCommand('delete pod/1api -n prod --reason r').type, 'action');
  });
});
