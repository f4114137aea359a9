import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { manifestObject, readManifest, repoPath } from './manifest-files.ts';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

const RBAC = 'manifests/base/rbac.yaml';
const rulesOf = (name: string) =>
  (manifestObject(RBAC, 'ClusterRole', name) as unknown as { rules: Rule[] }).rules;

describe('Countersign RBAC (manifests/base/rbac.yaml)', () => {
  test('holds no wildcard and never escalate', () => {
    for (const role of readManifest(RBAC).filter((o) => o.kind === 'ClusterRole')) {
      for (const rule of (role as unknown as { rules: Rule[] }).rules) {
        for (const value of [
          ...rule.apiGroups,
          ...rule.resources,
          ...rule.verbs,
          ...(rule.resourceNames ?? []),
        ]) {
          assert.ok(!value.includes('*'), `${role.metadata.name} has a wildcard: ${JSON.stringify(rule)}`);
        }
        assert.ok(!rule.verbs.includes('escalate'), `${role.metadata.name} may escalate`);
      }
    }
  });

  test('binds exactly the ClusterRoles examples/policy.yaml makes grantable, and nothing else', () => {
    const policy = parse(readFileSync(repoPath('examples/policy.yaml'), 'utf8')) as {
      spec: { grantableRoles: { name: string; kind: string }[] };
    };
    const grantable = policy.spec.grantableRoles.filter((r) => r.kind === 'ClusterRole').map((r) => r.name);
    const bind = rulesOf('countersign').filter((r) => r.verbs.includes('bind'));
    assert.equal(bind.length, 1);
    assert.deepEqual(bind[0]?.verbs, ['bind']);
    assert.deepEqual(bind[0]?.resources, ['clusterroles']);
    assert.deepEqual([...(bind[0]?.resourceNames ?? [])].sort(), grantable.sort());
  });

  test('keeps impersonation in its own ClusterRole: users, groups and the one approved user extra, nothing more', () => {
    assert.deepEqual(rulesOf('countersign-impersonator'), [
      { apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] },
      {
        apiGroups: ['authentication.k8s.io'],
        resources: ['userextras/countersign.kubernetes.io/approved'],
        verbs: ['impersonate'],
      },
    ]);
    assert.ok(rulesOf('countersign').every((r) => !r.verbs.includes('impersonate')));
  });

  test('binds both ClusterRoles to the ServiceAccount countersign/countersign only', () => {
    for (const name of ['countersign', 'countersign-impersonator']) {
      const binding = manifestObject(RBAC, 'ClusterRoleBinding', name) as unknown as {
        roleRef: { kind: string; name: string };
        subjects: unknown[];
      };
      assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name });
      assert.deepEqual(binding.subjects, [
        { kind: 'ServiceAccount', name: 'countersign', namespace: 'countersign' },
      ]);
    }
  });

  test('serve (ServiceAccount countersign-serve) reads and nothing more: no impersonate, no bind, no write', () => {
    const serveRules = rulesOf('countersign-serve');
    for (const rule of serveRules) {
      assert.deepEqual(
        rule.verbs.filter((v) => !['get', 'list'].includes(v)),
        [],
        `countersign-serve may ${rule.verbs.join(',')} ${rule.resources.join(',')}`,
      );
      assert.ok(!rule.resources.includes('secrets'), 'countersign-serve reads secrets');
    }
    const bindings = readManifest(RBAC).filter((o) => o.kind === 'ClusterRoleBinding') as unknown as {
      metadata: { name: string };
      roleRef: { name: string };
      subjects: { kind: string; name: string; namespace: string }[];
    }[];
    const ofServe = bindings.filter((b) => b.subjects.some((s) => s.name === 'countersign-serve'));
    assert.deepEqual(
      ofServe.map((b) => [b.roleRef.name, b.subjects]),
      [
        [
          'countersign-serve',
          [{ kind: 'ServiceAccount', name: 'countersign-serve', namespace: 'countersign' }],
        ],
      ],
    );
  });
});
