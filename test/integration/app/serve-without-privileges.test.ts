import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { BullmqWorker } from '../../../src/adapters/queue/bullmq-worker.ts';
import { composeWorkflow, type ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import { serveOnlyWorkflow, type ServeOnlyWorkflow } from '../../../src/app/serve-only-workflow.ts';
import type { ExecuteIdentity } from '../../../src/core/ports/cluster.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { parseCommand } from '../../../src/core/requests/parse-command.ts';
import type { ActionRequest, ChangeRequest } from '../../../src/core/requests/request-types.ts';
import { extendAccess, revokeAccess } from '../../../src/core/workflow/manage-grant.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import { createProcessors } from '../../../src/jobs/processors.ts';
import type { ControlPlaneUser } from '../../harness/control-plane-users.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { TEST_RETRY, TEST_WORKER, waitForState } from '../reliability/reliability-fixture.ts';

const CLUSTER = 'test';

const POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: split }
spec:
  defaults: { requestTTL: 1h, executeAs: requester }
  approverGroups:
    sre-leads: { users: [bob] }
  grantableRoles:
    - { name: view, kind: ClusterRole, scopes: [namespace], maxDuration: 8h }
  rules:
    - name: scale-as-requester
      match: { namespaces: [split-*], verbs: [scale] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads], executeAs: requester }
    - name: view-self-service
      match: { namespaces: [split-*], verbs: [access] }
      outcome: auto-approve
`;

const person = (name: string, groups: string[]): Principal => ({
  platform: 'web',
  platformUserId: `id-${name}`,
  username: name,
  email: `${name}@example.com`,
  groups,
});
const alice = person('alice', ['developers']);

const quiet = {
  requestChanged: () => Promise.resolve(),
  grantExpiringSoon: () => Promise.resolve(),
  remindApprovers: () => Promise.resolve(),
};

/**
 * Issue 15 item 11: `serve` runs as countersign-serve, which may read but not
 * impersonate, bind or write (manifests/base/rbac.yaml as the harness applies it), and
 * still does everything it did: the dry-run preview as the requester, extend and
 * revoke go to a worker running as countersign, with the same answers.
 */
describe('serve without impersonate or bind (ServiceAccount countersign-serve)', () => {
  let cp: ControlPlane;
  let redis: RedisServer;
  let dir: string;
  let worker: ComposedWorkflow;
  let serveComposed: ComposedWorkflow;
  let serve: ServeOnlyWorkflow;
  let running: BullmqWorker;
  const namespace = `split-${randomBytes(3).toString('hex')}`;

  const compose = (user: ControlPlaneUser, policyFile: string, keyPrefix: string) =>
    composeWorkflow(
      {
        redis: { url: redis.url, keyPrefix },
        kubernetes: {
          kubeconfig: cp.kubeconfigFor(user),
          clusters: [{ name: CLUSTER, context: user }],
          defaultCluster: CLUSTER,
        },
        policyFile,
        tuning: { remindBeforeMs: 60_000 },
      },
      pino({ level: 'silent' }),
      { queue: { retry: TEST_RETRY }, watchPolicy: false },
    );

  before(async () => {
    [cp, redis] = await Promise.all([startControlPlane(), startRedis()]);
    await cp.kubectl(
      ['apply', '-f', '-'],
      'admin',
      `
apiVersion: v1
kind: Namespace
metadata: { name: ${namespace} }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${namespace} }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: registry.example.com/web:1.0.0 }] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: scaler, namespace: ${namespace} }
rules:
  - { apiGroups: [apps], resources: [deployments, deployments/scale], verbs: [get, patch, update] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: developers-scale, namespace: ${namespace} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: scaler }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: Group, name: developers }]`,
    );
    dir = mkdtempSync(join(tmpdir(), 'countersign-split-'));
    const policyFile = join(dir, 'policy.yaml');
    writeFileSync(policyFile, POLICY);
    const keyPrefix = `cs${randomBytes(2).toString('hex')}`;
    worker = compose('countersign', policyFile, keyPrefix);
    serveComposed = compose('countersign-serve', policyFile, keyPrefix);
    serve = serveOnlyWorkflow(serveComposed, redis.url, pino({ level: 'silent' }));
    running = await BullmqWorker.start(
      redis.url,
      createProcessors({ workflow: worker.deps, notifier: quiet }),
      { ...worker.queueSettings, ...TEST_WORKER },
      pino({ level: 'silent' }),
    );
  });
  after(async () => {
    await running?.close();
    await serve?.close();
    await serveComposed?.close();
    await worker?.close();
    await Promise.all([redis?.stop(), cp?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const scale = (replicas: number): ActionRequest =>
    parseCommand(
      `scale deployment/web --replicas ${replicas} -n ${namespace} --reason test`,
    ) as ActionRequest;
  const asAlice: ExecuteIdentity = { kind: 'requester', username: 'alice', groups: ['developers'] };

  test("serve's own credentials cannot preview as the requester nor touch a binding", async () => {
    const own = serveComposed.deps.cluster;
    await assert.rejects(own.preview(CLUSTER, scale(3), asAlice), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'cluster_forbidden');
      assert.match(error.message, /system:serviceaccount:countersign:countersign-serve" cannot/);
      return true;
    });
    await assert.rejects(
      own.updateGrantExpiry(CLUSTER, { requestId: 'cs-nope', namespace }, Date.now() + 3_600_000),
      /forbidden|cannot patch/i,
    );
    await assert.rejects(
      own.deleteGrant(CLUSTER, { requestId: 'cs-nope', namespace }),
      /forbidden|cannot delete/i,
    );
  });

  test('a preview as the requester comes back from the worker exactly as the worker makes it', async () => {
    const direct = await worker.deps.cluster.preview(CLUSTER, scale(3), asAlice);
    const delegated = await serve.deps.cluster.preview(CLUSTER, scale(3), asAlice);
    assert.deepEqual(delegated, direct);
    assert.equal(delegated.dryRun, true);
    assert.match(delegated.summary, /2 → 3/);

    const text = `scale deployment/web --replicas 4 -n ${namespace} --reason "load"`;
    const record = await submitRequest(serve.deps, {
      text,
      request: parseCommand(text) as ChangeRequest,
      requester: alice,
    });
    assert.equal(record.state, 'pending');
    assert.match(record.preview?.[0] ?? '', /2 → 4/);
  });

  test('a refusal the worker meets reaches serve as the same error (carol has no RBAC here)', async () => {
    const asCarol: ExecuteIdentity = { kind: 'requester', username: 'carol', groups: ['sre'] };
    const direct = await worker.deps.cluster.preview(CLUSTER, scale(5), asCarol).then(
      () => assert.fail('carol may not scale here'),
      (error: unknown) => error as Error & { code: string; status?: number },
    );
    const delegated = await serve.deps.cluster.preview(CLUSTER, scale(5), asCarol).then(
      () => assert.fail('carol may not scale here'),
      (error: unknown) => error as Error & { code: string; status?: number },
    );
    assert.equal(delegated.constructor, direct.constructor);
    assert.equal(delegated.code, direct.code);
    assert.equal(delegated.status, 403);
    assert.equal(delegated.message, direct.message);
  });

  test('extend and revoke from serve move and delete the binding through the worker', async () => {
    const text = `access role/view -n ${namespace} --for 1h --reason "debug"`;
    const filed = await submitRequest(serve.deps, {
      text,
      request: parseCommand(text) as ChangeRequest,
      requester: alice,
    });
    const active = await waitForState(serve.deps, filed.id, ['active']);
    const binding = `countersign-${filed.id}`;
    const expiresAt = () =>
      cp.kubectl([
        'get',
        'rolebinding',
        binding,
        '-n',
        namespace,
        '-o',
        "jsonpath={.metadata.annotations['countersign\\.io/expires-at']}",
      ]);
    // The annotation is RFC 3339 to the second, rounded up.
    const seconds = (ms: number | undefined) => Math.ceil((ms ?? 0) / 1000) * 1000;
    assert.equal(Date.parse(await expiresAt()), seconds(active.grant?.expiresAt));

    const extended = await extendAccess(serve.deps, filed.id, alice, 1800);
    assert.equal(extended.record.grant?.expiresAt, (active.grant?.expiresAt ?? 0) + 1_800_000);
    assert.equal(Date.parse(await expiresAt()), seconds(extended.record.grant?.expiresAt));

    const revoked = await revokeAccess(serve.deps, filed.id, alice);
    assert.equal(revoked.record.state, 'revoked');
    assert.equal(
      await cp.kubectl(['get', 'rolebinding', binding, '-n', namespace, '--ignore-not-found', '-o', 'name']),
      '',
    );
  });

  test('the worker never acts as a system: identity, whatever the identity table says', async () => {
    const asMasters: ExecuteIdentity = { kind: 'requester', username: 'mallory', groups: ['system:masters'] };
    await assert.rejects(
      serve.deps.cluster.preview(CLUSTER, scale(6), asMasters),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'cluster_forbidden');
        assert.match(error.message, /never acts as system:masters/);
        return true;
      },
    );
    const asNode: ExecuteIdentity = { kind: 'requester', username: 'system:node:ip-10-0-1-12', groups: [] };
    await assert.rejects(
      worker.deps.cluster.preview(CLUSTER, scale(6), asNode),
      /never acts as system:node:ip-10-0-1-12/,
    );
    const replicas = await cp.kubectl([
      'get',
      'deployment',
      'web',
      '-n',
      namespace,
      '-o',
      'jsonpath={.spec.replicas}',
    ]);
    assert.equal(replicas, '2');
  });
});
