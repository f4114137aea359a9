import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  generatedRole,
  grantBinding,
  grantName,
  isOurs,
} from '../../../../src/adapters/kubernetes/grants/grant-objects.ts';
import type { GrantSpec } from '../../../../src/core/ports/cluster-grants.ts';

const spec: GrantSpec = {
  requestId: '01JH8Z6Q2M',
  requester: 'alice@example.com',
  namespace: 'prod-payments',
  role: {
    kind: 'rules',
    rules: [{ verbs: ['get'], resources: ['secrets'], apiGroup: '', resourceNames: ['db-creds'] }],
  },
  expiresAt: Date.UTC(2026, 0, 5, 10, 15, 0, 500),
  approvers: ['bob', 'carol'],
  reason: 'x'.repeat(1500),
};

describe('grant objects', () => {
  test('names come from the request ID, which must also be a label value', () => {
    assert.equal(grantName('01JH8Z6Q2M'), 'countersign-01JH8Z6Q2M');
    assert.throws(() => grantName('has space'), { code: 'invalid_request_id' });
    assert.throws(() => grantName('a'.repeat(64)), { code: 'invalid_request_id' });
  });

  test('narrow rules become a Role with exactly those rules, and the binding points at it', () => {
    assert.deepEqual(generatedRole(spec)?.rules, [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['db-creds'] },
    ]);
    const binding = grantBinding(spec);
    assert.equal(binding.kind, 'RoleBinding');
    assert.deepEqual(binding.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'countersign-01JH8Z6Q2M',
    });
    assert.deepEqual(binding.subjects, [
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice@example.com' },
    ]);
  });

  test('labels mark the objects as managed; annotations carry RFC 3339 expiry (rounded up to the second, never early), people and a bounded reason', () => {
    const meta = grantBinding(spec).metadata;
    assert.deepEqual(meta?.labels, {
      'app.kubernetes.io/managed-by': 'countersign',
      'countersign.io/request-id': '01JH8Z6Q2M',
    });
    assert.equal(meta?.annotations?.['countersign.io/expires-at'], '2026-01-05T10:15:01Z');
    const whole = grantBinding({ ...spec, expiresAt: Date.UTC(2026, 0, 5, 10, 15, 0) }).metadata;
    assert.equal(whole?.annotations?.['countersign.io/expires-at'], '2026-01-05T10:15:00Z');
    assert.equal(meta?.annotations?.['countersign.io/approvers'], 'bob,carol');
    assert.equal(meta?.annotations?.['countersign.io/reason']?.length, 1000);
    assert.equal(isOurs(meta, '01JH8Z6Q2M'), true);
    assert.equal(isOurs(meta, 'other'), false);
    assert.equal(isOurs({ labels: { 'countersign.io/request-id': '01JH8Z6Q2M' } }, '01JH8Z6Q2M'), false);
  });

  test('a role grant without a namespace is a ClusterRoleBinding and generates no Role', () => {
    const clusterWide: GrantSpec = {
      ...spec,
      namespace: undefined,
      role: { kind: 'ClusterRole', name: 'view' },
    };
    assert.equal(generatedRole(clusterWide), undefined);
    const binding = grantBinding(clusterWide);
    assert.equal(binding.kind, 'ClusterRoleBinding');
    assert.equal(binding.metadata?.namespace, undefined);
    assert.deepEqual(binding.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'view',
    });
  });
});
