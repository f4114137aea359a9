import assert from 'node:assert/strict';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { listManagedBindings } from '../../../src/adapters/kubernetes/grants/managed-bindings.ts';
import { fieldAt } from '../../../src/adapters/kubernetes/kube-object.ts';
import type { AccessAttributes } from '../../../src/core/ports/cluster.ts';
import { ClusterPermanentError } from '../../../src/core/ports/cluster-errors.ts';
import type { GrantSpec } from '../../../src/core/ports/cluster-grants.ts';
import {
  aggregatedRole,
  CLUSTER,
  type ClusterFixture,
  eventually,
  startClusterFixture,
} from './cluster-fixture.ts';

const alice = { username: 'alice', groups: ['developers'] };
const EXPIRES = Date.UTC(2026, 0, 5, 14, 0, 0);

const grant = (requestId: string, namespace: string | undefined, role: GrantSpec['role']): GrantSpec => ({
  requestId,
  requester: 'alice',
  ...(namespace ? { namespace } : {}),
  role,
  expiresAt: EXPIRES,
  approvers: ['bob', 'carol'],
  reason: 'debug INC-4312',
});

// The controller manager fills the aggregated ClusterRole `view`.
describe('Kubernetes adapter: time-bound grants and SubjectAccessReview', () => {
  let k: ClusterFixture;
  before(async () => {
    k = await startClusterFixture({ controllerManager: true });
    await aggregatedRole(k, 'view');
  });
  after(async () => {
    await k?.stop();
  });

  const can = (attributes: AccessAttributes) => k.cluster.canI(CLUSTER, alice, attributes);
  // The API server's RBAC authorizer reads bindings from a watch cache, so a change is
  // seen a moment after the write; this waits for that moment (and fails if it never comes).
  const settles = (attributes: AccessAttributes, allowed: boolean) =>
    eventually(
      `alice ${allowed ? 'may' : 'may not'} ${attributes.verb} ${attributes.resource}`,
      async () => (await can(attributes)) === allowed,
      10_000,
    );

  test('a view grant makes get pods allowed, and deleting it takes that back', async () => {
    const ns = await k.namespace('grant');
    const getPods = { verb: 'get', resource: 'pods', namespace: ns };
    assert.equal(await can(getPods), false);

    const result = await k.cluster.createGrant(
      CLUSTER,
      grant('req-view-1', ns, { kind: 'ClusterRole', name: 'view' }),
    );
    const binding = await k.get('rolebinding', 'countersign-req-view-1', ns);
    assert.deepEqual(result, {
      requestId: 'req-view-1',
      namespace: ns,
      bindingName: 'countersign-req-view-1',
      roleRef: { kind: 'ClusterRole', name: 'view' },
      created: true,
      uid: fieldAt(binding, ['metadata', 'uid']),
      roleGenerated: false,
    });
    assert.match(String(result.uid), /^[0-9a-f-]{36}$/);
    await settles(getPods, true);
    assert.deepEqual(fieldAt(binding, ['metadata', 'labels']), {
      'app.kubernetes.io/managed-by': 'countersign',
      'countersign.io/request-id': 'req-view-1',
    });
    assert.deepEqual(fieldAt(binding, ['metadata', 'annotations']), {
      'countersign.io/expires-at': '2026-01-05T14:00:00Z',
      'countersign.io/requester': 'alice',
      'countersign.io/approvers': 'bob,carol',
      'countersign.io/reason': 'debug INC-4312',
    });

    const retry = await k.cluster.createGrant(
      CLUSTER,
      grant('req-view-1', ns, { kind: 'ClusterRole', name: 'view' }),
    );
    assert.equal(retry.created, false);
    assert.equal(retry.uid, result.uid, 'an adopted binding reports the UID it has');

    assert.equal(await k.cluster.deleteGrant(CLUSTER, { requestId: 'req-view-1', namespace: ns }), true);
    await settles(getPods, false);
    assert.equal(await k.gone('rolebinding', 'countersign-req-view-1', ns), true);
    assert.equal(
      await k.cluster.deleteGrant(CLUSTER, { requestId: 'req-view-1', namespace: ns }),
      false,
      'already gone: success, and says it removed nothing',
    );
  });

  test('a narrow secret grant allows get on that one secret, not on another, and not list', async () => {
    const ns = await k.namespace('secret');
    // The admin's opt-in: Countersign may only write a Role it could use itself (no escalate).
    await k.apply(`
apiVersion: v1
kind: Secret
metadata: { name: db-creds, namespace: ${ns} }
stringData: { password: hunter2 }
---
apiVersion: v1
kind: Secret
metadata: { name: api-token, namespace: ${ns} }
stringData: { token: abc }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: countersign-grants-secrets, namespace: ${ns} }
rules: [{ apiGroups: [''], resources: [secrets], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: countersign-grants-secrets, namespace: ${ns} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: countersign-grants-secrets }
subjects: [{ kind: ServiceAccount, name: countersign, namespace: countersign }]
`);
    const spec = grant('req-secret-1', ns, {
      kind: 'rules',
      rules: [{ verbs: ['get'], resources: ['secrets'], apiGroup: '', resourceNames: ['db-creds'] }],
    });
    const result = await k.cluster.createGrant(CLUSTER, spec);
    assert.deepEqual(result.roleRef, { kind: 'Role', name: 'countersign-req-secret-1' });
    assert.equal(result.roleGenerated, true);
    const role = await k.get('role', 'countersign-req-secret-1', ns);
    assert.deepEqual(fieldAt(role, ['rules']), [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['db-creds'] },
    ]);
    assert.equal(fieldAt(role, ['metadata', 'labels', 'countersign.io/request-id']), 'req-secret-1');

    await settles({ verb: 'get', resource: 'secrets', namespace: ns, name: 'db-creds' }, true);
    assert.equal(await can({ verb: 'get', resource: 'secrets', namespace: ns, name: 'api-token' }), false);
    assert.equal(await can({ verb: 'list', resource: 'secrets', namespace: ns }), false);
    await assert.rejects(k.cp.kubectl(['get', 'secret', 'api-token', '-n', ns], 'alice'), /Forbidden/);
    assert.match(
      await k.cp.kubectl(['get', 'secret', 'db-creds', '-n', ns, '-o', 'name'], 'alice'),
      /secret\/db-creds/,
    );

    // Deleted by the UID its creation reported, as a revocation does; the generated Role goes too.
    assert.equal(await k.cluster.deleteGrant(CLUSTER, { ...result, namespace: ns }), true);
    assert.equal(await k.gone('rolebinding', 'countersign-req-secret-1', ns), true);
    assert.equal(await k.gone('role', 'countersign-req-secret-1', ns), true);
    await settles({ verb: 'get', resource: 'secrets', namespace: ns, name: 'db-creds' }, false);
  });

  test('two grants of the same role are two bindings: ending one leaves the other in force; the sweep finds both', async () => {
    const ns = await k.namespace('twice');
    const getPods = { verb: 'get', resource: 'pods', namespace: ns };
    const a = await k.cluster.createGrant(CLUSTER, grant('req-a', ns, { kind: 'ClusterRole', name: 'view' }));
    const b = await k.cluster.createGrant(CLUSTER, {
      ...grant('req-b', ns, { kind: 'ClusterRole', name: 'view' }),
      expiresAt: EXPIRES + 3_600_000,
    });

    const managed = (await k.cluster.listManagedBindings(CLUSTER)).filter((b) => b.namespace === ns);
    assert.deepEqual(
      managed.sort((x, y) => x.requestId.localeCompare(y.requestId)),
      [
        {
          requestId: 'req-a',
          namespace: ns,
          bindingName: 'countersign-req-a',
          roleRef: { kind: 'ClusterRole', name: 'view' },
          requester: 'alice',
          expiresAt: EXPIRES,
          uid: a.uid,
          roleGenerated: false,
        },
        {
          requestId: 'req-b',
          namespace: ns,
          bindingName: 'countersign-req-b',
          roleRef: { kind: 'ClusterRole', name: 'view' },
          requester: 'alice',
          expiresAt: EXPIRES + 3_600_000,
          uid: b.uid,
          roleGenerated: false,
        },
      ],
    );

    await settles(getPods, true);
    await k.cluster.deleteGrant(CLUSTER, { requestId: 'req-a', namespace: ns });
    assert.equal(await k.gone('rolebinding', 'countersign-req-a', ns), true);
    await sleep(1_000);
    assert.equal(await can(getPods), true, 'req-b still grants view once req-a is gone');
    await k.cluster.deleteGrant(CLUSTER, { requestId: 'req-b', namespace: ns });
    await settles(getPods, false);
  });

  test('the sweep reads bindings page by page: with more bindings than a page, every one is listed once', async () => {
    const ns = await k.namespace('paged');
    const ids = ['req-page-1', 'req-page-2', 'req-page-3', 'req-page-4', 'req-page-5'];
    for (const id of ids)
      await k.cluster.createGrant(CLUSTER, grant(id, ns, { kind: 'ClusterRole', name: 'view' }));
    await k.cluster.createGrant(
      CLUSTER,
      grant('req-page-cluster', undefined, { kind: 'ClusterRole', name: 'view' }),
    );
    const clients = k.registry.get(CLUSTER).clients({ kind: 'countersign' });
    const paged = await listManagedBindings(clients, 2);
    const whole = await listManagedBindings(clients, 1000);
    const mine = (list: typeof paged) =>
      list
        .filter((b) => b.requestId.startsWith('req-page-'))
        .map((b) => b.requestId)
        .sort();
    assert.deepEqual(mine(paged), [...ids, 'req-page-cluster'].sort());
    assert.equal(paged.length, whole.length, 'the paged list holds what one list call returns');
    for (const id of ids) await k.cluster.deleteGrant(CLUSTER, { requestId: id, namespace: ns });
    await k.cluster.deleteGrant(CLUSTER, { requestId: 'req-page-cluster' });
  });

  test('extending moves expires-at, which the sweep then reads', async () => {
    const ns = await k.namespace('extend');
    await k.cluster.createGrant(CLUSTER, grant('req-ext', ns, { kind: 'ClusterRole', name: 'view' }));
    await k.cluster.updateGrantExpiry(CLUSTER, { requestId: 'req-ext', namespace: ns }, EXPIRES + 7_200_000);
    const found = (await k.cluster.listManagedBindings(CLUSTER)).find((b) => b.requestId === 'req-ext');
    assert.equal(found?.expiresAt, EXPIRES + 7_200_000);
    await k.cluster.deleteGrant(CLUSTER, { requestId: 'req-ext', namespace: ns });
    await assert.rejects(
      k.cluster.updateGrantExpiry(CLUSTER, { requestId: 'req-ext', namespace: ns }, EXPIRES),
      { code: 'target_not_found' },
    );
  });

  test('a cluster-wide grant is a ClusterRoleBinding, found by the sweep and deleted', async () => {
    const other = await k.namespace('anywhere');
    const getPods = { verb: 'get', resource: 'pods', namespace: other };
    assert.equal(await can(getPods), false);
    const result = await k.cluster.createGrant(
      CLUSTER,
      grant('req-cluster', undefined, { kind: 'ClusterRole', name: 'view' }),
    );
    assert.equal(result.namespace, undefined);
    await settles(getPods, true);
    const found = (await k.cluster.listManagedBindings(CLUSTER)).find((b) => b.requestId === 'req-cluster');
    assert.equal(found?.namespace, undefined);
    assert.equal(found?.bindingName, 'countersign-req-cluster');
    await k.cluster.deleteGrant(CLUSTER, { requestId: 'req-cluster' });
    await settles(getPods, false);
    assert.equal(await k.gone('clusterrolebinding', 'countersign-req-cluster'), true);
  });

  test('a binding of that name that Countersign did not create is neither adopted nor deleted', async () => {
    const ns = await k.namespace('foreign');
    await k.cp.kubectl([
      'create',
      'rolebinding',
      'countersign-req-foreign',
      '-n',
      ns,
      '--clusterrole=view',
      '--user=mallory',
    ]);
    await assert.rejects(
      k.cluster.createGrant(CLUSTER, grant('req-foreign', ns, { kind: 'ClusterRole', name: 'view' })),
      (error: unknown) => {
        assert.ok(error instanceof ClusterPermanentError);
        assert.equal(error.code, 'cluster_conflict');
        return true;
      },
    );
    await assert.rejects(k.cluster.deleteGrant(CLUSTER, { requestId: 'req-foreign', namespace: ns }), {
      code: 'cluster_conflict',
    });
    assert.equal(await k.gone('rolebinding', 'countersign-req-foreign', ns), false);
  });

  test('a delete by the created UID removes that binding only: one of the same name created since is judged by its labels', async () => {
    const ns = await k.namespace('by-uid');
    const first = await k.cluster.createGrant(
      CLUSTER,
      grant('req-uid', ns, { kind: 'ClusterRole', name: 'view' }),
    );
    assert.ok(first.uid);
    // Someone replaces the grant's binding with their own of the same name.
    await k.cp.kubectl(['delete', 'rolebinding', 'countersign-req-uid', '-n', ns]);
    await k.cp.kubectl([
      'create',
      'rolebinding',
      'countersign-req-uid',
      '-n',
      ns,
      '--clusterrole=view',
      '--user=mallory',
    ]);
    await assert.rejects(k.cluster.deleteGrant(CLUSTER, { ...first, namespace: ns }), {
      code: 'cluster_conflict',
    });
    assert.equal(await k.gone('rolebinding', 'countersign-req-uid', ns), false, 'the foreign binding stays');
    await k.cp.kubectl(['delete', 'rolebinding', 'countersign-req-uid', '-n', ns]);

    // The grant's binding created again (another UID): the stale UID does not stop its revocation.
    const second = await k.cluster.createGrant(
      CLUSTER,
      grant('req-uid', ns, { kind: 'ClusterRole', name: 'view' }),
    );
    assert.notEqual(second.uid, first.uid);
    assert.equal(await k.cluster.deleteGrant(CLUSTER, { ...first, namespace: ns }), true);
    assert.equal(await k.gone('rolebinding', 'countersign-req-uid', ns), true);
    assert.equal(await k.cluster.deleteGrant(CLUSTER, { ...first, namespace: ns }), false, 'already gone');

    // Cluster-wide: the same by UID.
    const wide = await k.cluster.createGrant(
      CLUSTER,
      grant('req-uid-wide', undefined, { kind: 'ClusterRole', name: 'view' }),
    );
    assert.equal(await k.cluster.deleteGrant(CLUSTER, wide), true);
    assert.equal(await k.gone('clusterrolebinding', 'countersign-req-uid-wide'), true);
  });

  test('a delete by UID leaves its connection open for the next call: no TLS handshake per revocation', async () => {
    const ns = await k.namespace('reuse');
    const created = await k.cluster.createGrant(
      CLUSTER,
      grant('req-reuse', ns, { kind: 'ClusterRole', name: 'view' }),
    );
    assert.ok(created.uid);
    const deletes: { path: string; socket: Socket }[] = [];
    const onHeaders = (message: unknown): void => {
      const { request, socket } = message as { request: { method: string; path: string }; socket: Socket };
      if (request.method === 'DELETE') deletes.push({ path: request.path, socket });
    };
    diagnosticsChannel.subscribe('undici:client:sendHeaders', onHeaders);
    try {
      assert.equal(await k.cluster.deleteGrant(CLUSTER, { ...created, namespace: ns }), true);
    } finally {
      diagnosticsChannel.unsubscribe('undici:client:sendHeaders', onHeaders);
    }
    assert.equal(deletes.length, 1, 'one DELETE, carrying the UID precondition');
    assert.match(deletes[0]?.path ?? '', /\/rolebindings\/countersign-req-reuse$/);
    assert.equal(deletes[0]?.socket.destroyed, false, 'the connection was closed after the delete');
  });

  test('binding a role Countersign may not bind is refused by RBAC, permanently', async () => {
    const ns = await k.namespace('admin');
    await assert.rejects(
      k.cluster.createGrant(CLUSTER, grant('req-admin', ns, { kind: 'ClusterRole', name: 'admin' })),
      (error: unknown) => {
        assert.ok(error instanceof ClusterPermanentError);
        assert.equal(error.code, 'cluster_forbidden');
        return true;
      },
    );
    assert.equal(await k.gone('rolebinding', 'countersign-req-admin', ns), true);
  });
});
