import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import type { AccessRequest } from '../../../../src/core/requests/request-types.ts';

function access(text: string): AccessRequest {
  const request = parseCommand(text);
  assert.ok(request.type === 'access', `${text} should be an access request`);
  return request;
}

describe('parseCommand access', () => {
  test('role/NAME -n NS --for DUR', () => {
    assert.deepEqual(access('access role/view -n prod-payments --for 4h --reason "debug INC-4312"'), {
      type: 'access',
      grant: { kind: 'role', role: 'view', scope: 'namespace' },
      namespace: 'prod-payments',
      durationSeconds: 4 * 3600,
      reason: 'debug INC-4312',
      breakGlass: false,
    });
  });

  test('clusterrole/NAME is cluster-scoped with no namespace', () => {
    assert.deepEqual(access('access ClusterRole/system:aggregate-to-view --for 1h30m --reason r'), {
      type: 'access',
      grant: { kind: 'role', role: 'system:aggregate-to-view', scope: 'cluster' },
      durationSeconds: 5400,
      reason: 'r',
      breakGlass: false,
    });
  });

  test('role NAME as two words', () => {
    assert.deepEqual(access('access role edit -n prod --for 30m --reason r').grant, {
      kind: 'role',
      role: 'edit',
      scope: 'namespace',
    });
  });

  test('verbs and resources, with a subresource, make one rule per API group', () => {
    const request = access('access get,list,get pods,pods/log,deploy,po -n prod --for 30m --reason r');
    assert.deepEqual(request.grant, {
      kind: 'rules',
      rules: [
        { verbs: ['get', 'list'], resources: ['pods', 'pods/log'], apiGroup: '', resourceNames: [] },
        { verbs: ['get', 'list'], resources: ['deployments'], apiGroup: 'apps', resourceNames: [] },
      ],
    });
    assert.equal(request.namespace, 'prod');
  });

  test('KIND/NAME limits a rule to named objects, one rule per resource', () => {
    const request = access('access get secret/db-creds,secrets/api-key,cm/app -n prod --for 15m --reason r');
    assert.deepEqual(request.grant, {
      kind: 'rules',
      rules: [
        { verbs: ['get'], resources: ['secrets'], apiGroup: '', resourceNames: ['db-creds', 'api-key'] },
        { verbs: ['get'], resources: ['configmaps'], apiGroup: '', resourceNames: ['app'] },
      ],
    });
  });

  test('verbs come back in a stable order whatever order they were typed in', () => {
    const request = access('access WATCH,get,List pods -n prod --for 1h --reason r');
    assert.ok(request.grant.kind === 'rules');
    assert.deepEqual(request.grant.rules[0]?.verbs, ['get', 'list', 'watch']);
  });

  test('scale subresources are grantable on apps resources', () => {
    const request = access('access update deployments/scale -n prod --for 1h --reason r');
    assert.ok(request.grant.kind === 'rules');
    assert.deepEqual(request.grant.rules, [
      { verbs: ['update'], resources: ['deployments/scale'], apiGroup: 'apps', resourceNames: [] },
    ]);
  });

  test('durations of every accepted shape', () => {
    const cases: [string, number][] = [
      ['30m', 1800],
      ['4h', 14_400],
      ['1h30m', 5400],
      ['90s', 90],
      ['2d', 172_800],
      ['30d', 2_592_000],
      ['1H', 3600],
    ];
    for (const [text, seconds] of cases) {
      assert.equal(access(`access role/view -n p --for ${text} --reason r`).durationSeconds, seconds, text);
    }
  });
});
