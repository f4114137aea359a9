import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../../src/config/load.ts';
import { loadPolicy } from '../../../src/core/policy/load-policy.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { DEFAULT_OBJECTS, probePod } from './chart-objects.ts';
import { outcome } from './kubectl-outcome.ts';

interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: {
    replicas?: number;
    template?: { metadata?: { labels?: Record<string, string> }; spec: unknown };
    [field: string]: unknown;
  };
}

const BASE = fileURLToPath(new URL('../../../manifests/base', import.meta.url));
const DEV = fileURLToPath(new URL('../../../manifests/overlays/dev', import.meta.url));
const SECRET_TEMPLATE = `${BASE}/secret.example.yaml`;
const COUNTERSIGN = 'system:serviceaccount:countersign:countersign';
const SERVE = 'system:serviceaccount:countersign:countersign-serve';

const parseObjects = (text: string) => parseAllDocuments(text).map((doc) => doc.toJS() as KubeObject);
const names = (objects: KubeObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();

describe('manifests (rendered from charts/countersign): kustomize builds them and a real kube-apiserver accepts them', () => {
  let cp: ControlPlane;
  let base: KubeObject[];
  let dev: KubeObject[];
  const can = async (args: readonly string[], as = COUNTERSIGN) => {
    const result = await outcome(cp.kubectl(['auth', 'can-i', ...args, '--as', as, '--quiet']));
    if (!result.ok && /error/i.test(result.stderr))
      throw new Error(`can-i ${args.join(' ')}: ${result.stderr}`);
    return result.ok;
  };

  before(async () => {
    cp = await startControlPlane();
    base = parseObjects(await cp.kubectl(['kustomize', BASE]));
    dev = parseObjects(await cp.kubectl(['kustomize', DEV]));
  });
  after(async () => {
    await cp?.stop();
  });

  test('the base renders Countersign, its RBAC, settings, NetworkPolicies and both admission policies', () => {
    const expected = [...DEFAULT_OBJECTS, 'Namespace/countersign'].sort();
    assert.deepEqual(names(base), expected);
    for (const object of base) {
      const clusterScoped =
        /^(Namespace|ClusterRole|ClusterRoleBinding|ValidatingAdmissionPolicy|ValidatingAdmissionPolicyBinding)$/.test(
          object.kind,
        );
      assert.equal(
        object.metadata.namespace,
        clusterScoped ? undefined : 'countersign',
        `${object.kind}/${object.metadata.name}`,
      );
    }
  });

  test('the policy ConfigMap holds examples/policy.yaml and is mounted by both Deployments', () => {
    const policy = base.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'countersign-policy');
    assert.match(
      String((policy as unknown as { data: Record<string, string> }).data['policy.yaml']),
      /kind: ApprovalPolicy/,
    );
    for (const name of ['countersign-serve', 'countersign-worker']) {
      const deployment = base.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
      const volumes = (deployment?.spec?.template?.spec as { volumes: { configMap?: { name: string } }[] })
        .volumes;
      assert.ok(
        volumes.some((v) => v.configMap?.name === policy?.metadata.name),
        name,
      );
    }
  });

  test('serve runs as countersign-serve, the worker as countersign', () => {
    const accountOf = (name: string) =>
      (
        base.find((o) => o.kind === 'Deployment' && o.metadata.name === name)?.spec?.template?.spec as {
          serviceAccountName?: string;
        }
      ).serviceAccountName;
    assert.equal(accountOf('countersign-serve'), 'countersign-serve');
    assert.equal(accountOf('countersign-worker'), 'countersign');
  });

  test('the dev overlay adds a Redis StatefulSet with AOF on and runs one replica of each', () => {
    assert.deepEqual(
      names(dev).filter((n) => !names(base).includes(n)),
      ['NetworkPolicy/countersign-redis', 'Service/countersign-redis', 'StatefulSet/countersign-redis'],
    );
    for (const object of dev.filter((o) => o.kind === 'Deployment')) assert.equal(object.spec?.replicas, 1);
  });

  test('the dev Redis never evicts (BullMQ) and refuses writes at maxmemory before its container limit, while the audit sink trims the stream', () => {
    const redis = dev.find((o) => o.kind === 'StatefulSet');
    const container = (
      redis?.spec?.template?.spec as {
        containers: { args: string[]; resources: { limits: { memory: string } } }[];
      }
    ).containers[0];
    const args = container?.args.join(' ') ?? '';
    assert.match(args, /--appendonly yes/);
    assert.match(args, /--maxmemory-policy noeviction/);
    const maxmemory = /--maxmemory (\d+)mb/.exec(args);
    assert.ok(maxmemory, `maxmemory set in megabytes: ${args}`);
    const limit = /^(\d+)Mi$/.exec(container?.resources.limits.memory ?? '');
    assert.ok(limit, 'a memory limit in Mi');
    assert.ok(
      Number(maxmemory[1]) * 1e6 <= Number(limit[1]) * 2 ** 20 * 0.75,
      'maxmemory leaves a quarter of the limit for the AOF rewrite and overhead',
    );
    assert.equal(devConfig().auditSink.stdout, true, 'the audit sink runs, so the stream is trimmed');
  });

  /** The settings the dev Deployments get, as kustomize merged them, loaded as Countersign loads them. */
  const devConfig = () => {
    const map = dev.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'countersign-config');
    return loadConfig((map as unknown as { data: Record<string, string> }).data, () => '');
  };

  test('the dev overlay runs an image built from this repository, never the unpublished :latest', () => {
    const images = dev
      .filter((o) => o.kind === 'Deployment')
      .flatMap((o) => (o.spec?.template?.spec as { containers: { image: string }[] }).containers)
      .map((c) => c.image);
    assert.deepEqual(images, ['countersign:dev', 'countersign:dev']);
  });

  test('in the dev overlay the dev users sign in through port-forward: loopback only, probes on every address, approvers named in its policy', () => {
    const config = devConfig();
    assert.equal(config.http.host, '127.0.0.1');
    assert.equal(config.http.publicBaseUrl, 'http://127.0.0.1:8080');
    assert.deepEqual(config.http.ops, { host: '0.0.0.0', port: 9090 });
    const users = new Map(config.console.devUsers?.map((u) => [u.username, u.groups]));
    assert.deepEqual([...users.keys()], ['alice', 'bob', 'carol', 'dave']);
    const policyMap = dev.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name === 'countersign-policy',
    ) as unknown as { data: Record<string, string> };
    const policy = loadPolicy(String(policyMap.data['policy.yaml']), 'dev policy');
    const approvers = [...policy.approverGroups.values()].flatMap((g) => g.users);
    assert.ok(approvers.length > 0 && approvers.every((u) => users.has(u)), approvers.join(','));
    for (const object of dev.filter((o) => o.kind === 'Deployment')) {
      const container = (
        object.spec?.template?.spec as { containers: { readinessProbe: { httpGet: { port: string } } }[] }
      ).containers[0];
      assert.equal(container?.readinessProbe.httpGet.port, 'metrics');
    }
  });

  test('the dev overlay applies for real and reads back', async () => {
    await cp.kubectl(['apply', '-k', DEV]);
    const read = async (kind: string, name: string, namespaced = true) =>
      JSON.parse(
        await cp.kubectl(['get', kind, name, ...(namespaced ? ['-n', 'countersign'] : []), '-o', 'json']),
      ) as KubeObject;
    assert.equal((await read('deployment', 'countersign-serve')).spec?.replicas, 1);
    assert.equal((await read('statefulset', 'countersign-redis')).spec?.replicas, 1);
    assert.equal((await read('serviceaccount', 'countersign')).metadata.name, 'countersign');
    const binding = await read('validatingadmissionpolicybinding', 'countersign-protected-namespaces', false);
    assert.equal(binding.spec?.policyName, 'countersign-protected-namespaces');
  });

  test('the base passes a server-side dry run (once its namespace exists)', async () => {
    const lines = (await cp.kubectl(['apply', '-k', BASE, '--dry-run=server'])).trim().split('\n');
    assert.equal(lines.length, base.length);
    assert.ok(
      lines.every((line) => / (created|configured|unchanged) \(server dry run\)$/.test(line)),
      lines.join('\n'),
    );
    assert.ok(
      lines.includes('deployment.apps/countersign-worker configured (server dry run)'),
      lines.join('\n'),
    );
  });

  test('every pod template meets the restricted Pod Security Standard, which the namespace enforces', async () => {
    const plain = await outcome(
      cp.kubectl([
        'run',
        'plain',
        '--image=registry.example.com/x:1',
        '-n',
        'countersign',
        '--dry-run=server',
      ]),
    );
    assert.equal(plain.ok, false);
    assert.match(plain.ok ? '' : plain.stderr, /violates PodSecurity "restricted/);
    const workloads = dev.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
    assert.equal(workloads.length, 3);
    for (const workload of workloads) {
      const pod = probePod(workload, 'countersign');
      const result = await outcome(
        cp.kubectl(['create', '--dry-run=server', '-f', '-'], 'admin', JSON.stringify(pod)),
      );
      assert.ok(result.ok, `${workload.kind}/${workload.metadata.name}: ${result.ok ? '' : result.stderr}`);
      assert.doesNotMatch(result.stdout, /Warning/);
    }
  });

  test('the Secret template applies as it is', async () => {
    const out = await cp.kubectl(['apply', '-f', SECRET_TEMPLATE, '--dry-run=server']);
    assert.match(out, /secret\/countersign created \(server dry run\)/);
  });

  test("Countersign's identity can do what it needs", async () => {
    const needs: string[][] = [
      ['impersonate', 'users'],
      ['impersonate', 'groups'],
      ['impersonate', 'groups/countersign:approved'],
      ['patch', 'deployments.apps', '--subresource=scale', '-n', 'prod-payments'],
      ['update', 'statefulsets.apps', '--subresource=scale', '-n', 'prod-payments'],
      ['patch', 'deployments.apps', '-n', 'prod-payments'],
      ['delete', 'pods', '-n', 'prod-payments'],
      ['create', 'pods', '--subresource=eviction', '-n', 'prod-payments'],
      ['patch', 'nodes'],
      ['create', 'rolebindings.rbac.authorization.k8s.io', '-n', 'prod-payments'],
      ['delete', 'rolebindings.rbac.authorization.k8s.io', '-n', 'prod-payments'],
      ['patch', 'rolebindings.rbac.authorization.k8s.io', '-n', 'prod-payments'],
      ['create', 'clusterrolebindings.rbac.authorization.k8s.io'],
      ['delete', 'clusterrolebindings.rbac.authorization.k8s.io'],
      ['bind', 'clusterroles.rbac.authorization.k8s.io/view'],
      ['bind', 'clusterroles.rbac.authorization.k8s.io/edit'],
      ['create', 'subjectaccessreviews.authorization.k8s.io'],
    ];
    for (const args of needs) assert.equal(await can(args), true, `can-i ${args.join(' ')}`);
  });

  test("Countersign's identity cannot widen its own power or read secrets", async () => {
    const never: string[][] = [
      ['bind', 'clusterroles.rbac.authorization.k8s.io/cluster-admin'],
      ['bind', 'clusterroles.rbac.authorization.k8s.io/admin'],
      ['create', 'clusterroles.rbac.authorization.k8s.io'],
      ['escalate', 'clusterroles.rbac.authorization.k8s.io'],
      ['escalate', 'roles.rbac.authorization.k8s.io', '-n', 'prod-payments'],
      ['update', 'clusterroles.rbac.authorization.k8s.io/countersign'],
      ['get', 'secrets', '-n', 'prod-payments'],
      ['list', 'secrets', '--all-namespaces'],
      ['delete', 'nodes'],
      ['impersonate', 'serviceaccounts', '-n', 'kube-system'],
      ['delete', 'validatingadmissionpolicybindings.admissionregistration.k8s.io'],
      ['update', 'validatingadmissionpolicies.admissionregistration.k8s.io'],
      ['patch', 'configmaps/countersign-admission-exemptions', '-n', 'countersign'],
      ['patch', 'namespaces/prod-payments'],
      ['create', 'pods/exec', '-n', 'prod-payments'],
      ['create', 'serviceaccounts/token', '-n', 'countersign'],
    ];
    for (const args of never) assert.equal(await can(args), false, `can-i ${args.join(' ')}`);
  });

  test("serve's identity reads targets and namespace names, and nothing more", async () => {
    const needs: string[][] = [
      ['get', 'pods', '-n', 'prod-payments'],
      ['get', 'nodes'],
      ['get', 'deployments.apps', '-n', 'prod-payments'],
      ['get', 'statefulsets.apps', '-n', 'prod-payments'],
      ['list', 'namespaces'],
    ];
    for (const args of needs) assert.equal(await can(args, SERVE), true, `serve can-i ${args.join(' ')}`);
    const never: string[][] = [
      // No impersonation of any kind: users, groups (the approved marker group too), UIDs, ServiceAccounts.
      ['impersonate', 'users'],
      ['impersonate', 'users/alice'],
      ['impersonate', 'groups'],
      ['impersonate', 'groups/system:masters'],
      ['impersonate', 'groups/countersign:approved'],
      ['impersonate', 'uids.authentication.k8s.io'],
      ['impersonate', 'serviceaccounts', '-n', 'countersign'],
      // No bind, no escalate, no RBAC writes.
      ['bind', 'clusterroles.rbac.authorization.k8s.io/view'],
      ['bind', 'clusterroles.rbac.authorization.k8s.io/edit'],
      ['escalate', 'clusterroles.rbac.authorization.k8s.io'],
      ['create', 'rolebindings.rbac.authorization.k8s.io', '-n', 'prod-payments'],
      ['patch', 'rolebindings.rbac.authorization.k8s.io', '-n', 'prod-payments'],
      ['delete', 'rolebindings.rbac.authorization.k8s.io', '-n', 'prod-payments'],
      ['create', 'clusterrolebindings.rbac.authorization.k8s.io'],
      ['delete', 'clusterrolebindings.rbac.authorization.k8s.io'],
      ['create', 'roles.rbac.authorization.k8s.io', '-n', 'prod-payments'],
      // No writes to workloads, pods or nodes, not even as a dry run.
      ['patch', 'deployments.apps', '-n', 'prod-payments'],
      ['update', 'deployments.apps', '--subresource=scale', '-n', 'prod-payments'],
      ['delete', 'pods', '-n', 'prod-payments'],
      ['create', 'pods', '--subresource=eviction', '-n', 'prod-payments'],
      ['patch', 'nodes'],
      // Nothing sensitive to read, and no tokens to mint.
      ['get', 'secrets', '-n', 'countersign'],
      ['create', 'serviceaccounts/token', '-n', 'countersign'],
      ['create', 'tokenreviews.authentication.k8s.io'],
    ];
    for (const args of never) assert.equal(await can(args, SERVE), false, `serve can-i ${args.join(' ')}`);
  });
});
