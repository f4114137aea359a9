import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { apiRequest } from '../../harness/api-request.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import type { ControlPlaneUser } from '../../harness/control-plane-users.ts';
import { KubectlError } from '../../harness/run-kubectl.ts';

interface ObjectMeta {
  uid?: string;
  labels?: Record<string, string>;
  ownerReferences?: { kind: string; uid: string }[];
}
interface KubeObject {
  metadata: ObjectMeta;
  spec?: { replicas?: number; nodeName?: string };
  status?: { conditions?: { type: string; status: string }[] };
}

type ResourceAttributes = Partial<
  Record<'verb' | 'group' | 'resource' | 'subresource' | 'name' | 'namespace', string>
>;

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

describe('test control plane (etcd + kube-apiserver + kube-controller-manager)', () => {
  let cp: ControlPlane;
  const get = async (path: string): Promise<KubeObject> => {
    const response = await apiRequest(cp, 'admin', 'GET', path);
    assert.equal(response.status, 200, path);
    return response.body as KubeObject;
  };
  const allowed = async (user: ControlPlaneUser, resourceAttributes: ResourceAttributes) => {
    const review = await apiRequest(
      cp,
      user,
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes },
      },
    );
    assert.equal(review.status, 201);
    return (review.body as { status?: { allowed?: boolean } }).status?.allowed === true;
  };

  before(async () => {
    cp = await startControlPlane({ seed: true, controllerManager: true });
  });
  after(async () => {
    await cp?.stop();
  });

  test('RBAC is on: alice may not list pods in kube-system, admin may', async () => {
    const path = '/api/v1/namespaces/kube-system/pods';
    assert.equal((await apiRequest(cp, 'alice', 'GET', path)).status, 403);
    assert.equal((await apiRequest(cp, 'admin', 'GET', path)).status, 200);
    await assert.rejects(
      cp.kubectl(['get', 'pods', '-n', 'kube-system'], 'alice'),
      (error: unknown) => error instanceof KubectlError && /Forbidden/.test(error.stderr),
    );
  });

  test('the kubeconfig names every user as a context and trusts the server certificate', async () => {
    const contexts = (await cp.kubectl(['config', 'get-contexts', '-o', 'name'])).trim().split('\n').sort();
    assert.deepEqual(contexts, [
      'admin',
      'alice',
      'bob',
      'carol',
      'countersign',
      'countersign-serve',
      'dave',
      'mallory',
    ]);
    const whoami = await cp.kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], 'bob');
    assert.equal(whoami, 'bob');
  });

  test('seeded objects read back, with the pod owned by its ReplicaSet', async () => {
    const deployment = await get('/apis/apps/v1/namespaces/prod-payments/deployments/api');
    assert.equal(deployment.spec?.replicas, 3);
    const namespace = await get('/api/v1/namespaces/prod-payments');
    assert.equal(namespace.metadata.labels?.['countersign.io/protected'], 'true');
    const replicaSet = await get('/apis/apps/v1/namespaces/prod-payments/replicasets/web-5d8');
    const pod = await get('/api/v1/namespaces/prod-payments/pods/web-7f9c');
    assert.ok(replicaSet.metadata.uid);
    assert.equal(pod.metadata.ownerReferences?.[0]?.uid, replicaSet.metadata.uid);
    assert.equal(pod.spec?.nodeName, 'ip-10-0-1-12');
    const node = await get('/api/v1/nodes/ip-10-0-1-12');
    assert.equal(node.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  });

  test('countersign holds the RBAC of manifests/base/rbac.yaml and nothing more', async () => {
    const ns = 'prod-payments';
    const can = (attributes: ResourceAttributes) => allowed('countersign', attributes);
    assert.equal(
      await can({
        verb: 'patch',
        group: 'apps',
        resource: 'deployments',
        subresource: 'scale',
        namespace: ns,
      }),
      true,
    );
    assert.equal(
      await can({ verb: 'create', resource: 'pods', subresource: 'eviction', namespace: ns }),
      true,
    );
    assert.equal(await can({ verb: 'impersonate', resource: 'groups', name: 'sre' }), true);
    const rbac = 'rbac.authorization.k8s.io';
    assert.equal(await can({ verb: 'bind', group: rbac, resource: 'clusterroles', name: 'view' }), true);
    assert.equal(
      await can({ verb: 'bind', group: rbac, resource: 'clusterroles', name: 'cluster-admin' }),
      false,
    );
    assert.equal(await can({ verb: 'escalate', group: rbac, resource: 'clusterroles' }), false);
    assert.equal(await can({ verb: 'create', group: rbac, resource: 'clusterroles' }), false);
    assert.equal(await can({ verb: 'get', resource: 'secrets', namespace: ns }), false);
    assert.equal(await can({ verb: 'delete', resource: 'nodes', name: 'ip-10-0-1-12' }), false);
    assert.equal(await allowed('alice', { verb: 'get', resource: 'pods', namespace: ns }), false);
  });

  test('the controller manager turns the api Deployment into three Pending pods', async () => {
    const pods = await eventually('3 api pods', async () => {
      const list = await get('/api/v1/namespaces/prod-payments/pods?labelSelector=app%3Dapi');
      const items = (list as unknown as { items: KubeObject[] }).items;
      return items.length === 3 ? items : undefined;
    });
    for (const pod of pods) assert.equal(pod.metadata.ownerReferences?.[0]?.kind, 'ReplicaSet');
  });

  test('ValidatingAdmissionPolicy is served and enforced', async () => {
    const policy = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: no-forbidden-configmaps }
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - { apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [configmaps] }
  validations:
    - expression: "!has(object.data) || !('forbidden' in object.data)"
      message: forbidden key
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: no-forbidden-configmaps }
spec:
  policyName: no-forbidden-configmaps
  validationActions: [Deny]
`;
    await cp.kubectl(['apply', '-f', '-'], 'admin', policy);
    let attempt = 0;
    const message = await eventually('the policy to deny', async () => {
      const name = `probe-${attempt++}`;
      try {
        await cp.kubectl(['create', 'configmap', name, '-n', 'staging-web', '--from-literal=forbidden=1']);
        return undefined;
      } catch (error) {
        return error instanceof KubectlError ? error.stderr : String(error);
      }
    });
    assert.match(message, /forbidden key/);
  });

  test('stop() ends every process it started and removes its files', async () => {
    assert.equal(cp.pids.length, 3);
    assert.ok(cp.pids.every(alive));
    await cp.stop();
    assert.deepEqual(cp.pids.filter(alive), []);
    assert.equal(existsSync(cp.kubeconfigPath), false);
  });
});
