import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { request as httpsRequest } from 'node:https';
import {
  COUNTERSIGN_APPROVED_EXTRA,
  COUNTERSIGN_APPROVED_GROUP,
} from '../../../src/adapters/kubernetes/approved-group.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import type { ControlPlaneUser } from '../../harness/control-plane-users.ts';
import { eventually, outcome, type KubectlOutcome } from './kubectl-outcome.ts';

const BASE = fileURLToPath(new URL('../../../manifests/base', import.meta.url));
const PROTECTED = 'prod-payments';
const UNPROTECTED = 'staging-web';
const MANAGED_RBAC = /ValidatingAdmissionPolicy 'countersign-managed-rbac'/;
const PROTECTED_POLICY = /ValidatingAdmissionPolicy 'countersign-protected-namespaces'/;

// Lets group sre (bob, carol) change workloads and pods, so RBAC allows what admission then judges.
const OPERATOR_RBAC = [PROTECTED, UNPROTECTED]
  .map(
    (ns) => `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: sre-workload-operator, namespace: ${ns} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: test-workload-operator }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: Group, name: sre }]`,
  )
  .concat(
    `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: test-workload-operator }
rules:
  - { apiGroups: [''], resources: [pods], verbs: [get, list, create, delete, patch, update] }
  - { apiGroups: [''], resources: [pods/eviction], verbs: [create] }
  - { apiGroups: [''], resources: [pods/ephemeralcontainers], verbs: [get, patch, update] }
  - { apiGroups: [autoscaling], resources: [horizontalpodautoscalers], verbs: [get, create, patch, update, delete] }
  - { apiGroups: [apps], resources: [deployments, deployments/scale], verbs: [get, patch, update] }`,
  )
  .join('\n---');

/** A grant-shaped binding as the Kubernetes adapter writes it, with `expiresAt` (or none) as its annotation. */
function managedBinding(name: string, expiresAt: string | undefined, role = 'view'): string {
  const annotations = expiresAt === undefined ? '{}' : `{ countersign.io/expires-at: '${expiresAt}' }`;
  return `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
  namespace: ${UNPROTECTED}
  labels: { app.kubernetes.io/managed-by: countersign, countersign.io/request-id: ${name} }
  annotations: ${annotations}
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role} }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: alice }]`;
}

const denial = (result: KubectlOutcome): string => {
  assert.equal(result.ok, false, result.ok ? `expected a denial, got: ${result.stdout}` : '');
  return result.ok ? '' : result.stderr;
};
const allowed = (result: KubectlOutcome): void => assert.ok(result.ok, result.ok ? '' : result.stderr);

describe('admission policies on a real kube-apiserver', () => {
  let cp: ControlPlane;
  let pods = 0;
  const run = (args: readonly string[], user: ControlPlaneUser = 'admin', input?: string) =>
    outcome(cp.kubectl(args, user, input));
  const exists = async (kind: string, name: string, ns: string) =>
    (await cp.kubectl(['get', kind, name, '-n', ns, '--ignore-not-found', '-o', 'name'])).trim() !== '';
  /** A fresh unscheduled pod, which a delete removes at once (no kubelet needs to confirm). */
  const newPod = async (ns: string) => {
    const name = `victim-${++pods}`;
    await cp.kubectl([
      'run',
      name,
      '--image=registry.example.com/tools/sleep:1',
      '--restart=Never',
      '-n',
      ns,
    ]);
    return name;
  };

  before(async () => {
    cp = await startControlPlane({ seed: true });
    await cp.kubectl(['apply', '-k', BASE]);
    await cp.kubectl(['apply', '-f', '-'], 'admin', OPERATOR_RBAC);
    // Policies compile asynchronously: wait until each one denies a probe.
    await eventually('countersign-managed-rbac to deny', async () => {
      const result = await run(
        ['create', '--dry-run=server', '-f', '-'],
        'admin',
        managedBinding('probe', '2030-01-01T00:00:00Z'),
      );
      return !result.ok && MANAGED_RBAC.test(result.stderr) ? true : undefined;
    });
    await eventually('countersign-protected-namespaces to deny', async () => {
      const result = await run(['delete', 'pod', 'debug-shell', '-n', PROTECTED, '--dry-run=server']);
      return !result.ok && PROTECTED_POLICY.test(result.stderr) ? true : undefined;
    });
  });
  after(async () => {
    await cp?.stop();
  });

  describe('bindings labelled app.kubernetes.io/managed-by=countersign', () => {
    test('one forged by admin (system:masters: past RBAC, not past admission) is refused', async () => {
      const message = denial(
        await run(['create', '-f', '-'], 'admin', managedBinding('forged', '2030-01-01T00:00:00Z')),
      );
      assert.match(message, MANAGED_RBAC);
      assert.match(
        message,
        /Only Countersign \(system:serviceaccount:countersign:countersign\) may create, change or delete/,
      );
      assert.match(message, /admin may not create rolebindings\/forged/);
      assert.equal(await exists('rolebinding', 'forged', UNPROTECTED), false);
    });

    test('Countersign must give each one a valid RFC 3339 countersign.io/expires-at', async () => {
      const none = denial(
        await run(['create', '-f', '-'], 'countersign', managedBinding('no-expiry', undefined)),
      );
      assert.match(none, /must carry annotation countersign.io\/expires-at with an RFC 3339 time/);
      assert.match(none, /rolebindings\/no-expiry has none\./);
      const words = denial(
        await run(['create', '-f', '-'], 'countersign', managedBinding('words', 'tomorrow')),
      );
      assert.match(words, /rolebindings\/words has "tomorrow"\./);
      for (const bad of [
        '2030-01-01 10:00:00Z',
        '2030-01-01T10:00:00',
        '2030-13-01T10:00:00Z',
        '2030-02-30T10:00:00Z',
      ]) {
        assert.match(
          denial(await run(['create', '-f', '-'], 'countersign', managedBinding('bad', bad))),
          MANAGED_RBAC,
          bad,
        );
      }
      for (const [name, good] of [
        ['utc', '2030-01-01T10:00:00Z'],
        ['offset', '2030-01-01T10:00:00+02:00'],
        ['fraction', '2030-01-01T10:00:00.250Z'],
      ] as const) {
        allowed(await run(['create', '-f', '-'], 'countersign', managedBinding(name, good)));
      }
      assert.equal(await exists('rolebinding', 'no-expiry', UNPROTECTED), false);
      assert.equal(await exists('rolebinding', 'utc', UNPROTECTED), true);
    });

    test('Countersign extends and deletes its own; a bad extension is refused', async () => {
      allowed(
        await run(['create', '-f', '-'], 'countersign', managedBinding('extend-me', '2030-01-01T10:00:00Z')),
      );
      const annotate = (value: string, user: ControlPlaneUser) =>
        run(
          [
            'annotate',
            '--overwrite',
            'rolebinding',
            'extend-me',
            '-n',
            UNPROTECTED,
            `countersign.io/expires-at=${value}`,
          ],
          user,
        );
      allowed(await annotate('2030-01-01T12:00:00Z', 'countersign'));
      assert.match(denial(await annotate('never', 'countersign')), /has "never"/);
      const expiry = await cp.kubectl([
        'get',
        'rolebinding',
        'extend-me',
        '-n',
        UNPROTECTED,
        '-o',
        "jsonpath={.metadata.annotations['countersign\\.io/expires-at']}",
      ]);
      assert.equal(expiry, '2030-01-01T12:00:00Z');
      allowed(await run(['delete', 'rolebinding', 'extend-me', '-n', UNPROTECTED], 'countersign'));
    });

    test("serve's ServiceAccount, even given RBAC to write bindings, is refused: only the worker's is admitted", async () => {
      // What a careless overlay might hand serve; admission must still say no (issue 15 item 11).
      await cp.kubectl(
        ['apply', '-f', '-'],
        'admin',
        `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: test-serve-too-much }
rules:
  - { apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create, delete, patch] }
  - { apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind], resourceNames: [view] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: test-serve-too-much }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: test-serve-too-much }
subjects: [{ kind: ServiceAccount, name: countersign-serve, namespace: countersign }]`,
      );
      try {
        const message = await eventually('the widened RBAC to reach admission', async () => {
          const result = await run(
            ['create', '-f', '-'],
            'countersign-serve',
            managedBinding('from-serve', '2030-01-01T00:00:00Z'),
          );
          return !result.ok && MANAGED_RBAC.test(result.stderr) ? result.stderr : undefined;
        });
        assert.match(
          message,
          /system:serviceaccount:countersign:countersign-serve may not create rolebindings\/from-serve/,
        );
        assert.equal(await exists('rolebinding', 'from-serve', UNPROTECTED), false);
      } finally {
        await cp.kubectl(['delete', 'clusterrolebinding,clusterrole', 'test-serve-too-much']);
      }
    });

    test("nobody else may stretch, unlabel or delete one of Countersign's, nor label one of their own", async () => {
      allowed(
        await run(['create', '-f', '-'], 'countersign', managedBinding('guarded', '2030-01-01T10:00:00Z')),
      );
      const guarded = ['rolebinding', 'guarded', '-n', UNPROTECTED];
      const attempts = [
        ['annotate', '--overwrite', ...guarded, 'countersign.io/expires-at=2099-01-01T00:00:00Z'],
        ['label', ...guarded, 'app.kubernetes.io/managed-by-'],
        ['delete', ...guarded],
      ];
      for (const args of attempts) assert.match(denial(await run(args)), MANAGED_RBAC, args.join(' '));
      assert.equal(await exists('rolebinding', 'guarded', UNPROTECTED), true);

      await cp.kubectl([
        'create',
        'rolebinding',
        'plain',
        '--clusterrole=view',
        '--user=alice',
        '-n',
        UNPROTECTED,
      ]);
      const label = [
        'label',
        'rolebinding',
        'plain',
        '-n',
        UNPROTECTED,
        'app.kubernetes.io/managed-by=countersign',
      ];
      assert.match(denial(await run(label)), MANAGED_RBAC);
    });

    test('generated Roles are guarded the same way', async () => {
      const role = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: countersign-narrow
  namespace: ${UNPROTECTED}
  labels: { app.kubernetes.io/managed-by: countersign, countersign.io/request-id: narrow }
  annotations: { countersign.io/expires-at: '2030-01-01T10:00:00Z' }
rules: [{ apiGroups: [''], resources: [pods], verbs: [get, list] }]`;
      assert.match(denial(await run(['create', '-f', '-'], 'admin', role)), MANAGED_RBAC);
      allowed(await run(['create', '-f', '-'], 'countersign', role));
      assert.match(
        denial(await run(['delete', 'role', 'countersign-narrow', '-n', UNPROTECTED])),
        MANAGED_RBAC,
      );
      allowed(await run(['delete', 'role', 'countersign-narrow', '-n', UNPROTECTED], 'countersign'));
    });

    test('a kube-system controller may delete one, so deleting a namespace never hangs on it', async () => {
      allowed(
        await run(
          ['create', '-f', '-'],
          'countersign',
          managedBinding('in-doomed-namespace', '2030-01-01T10:00:00Z'),
        ),
      );
      const asController = [
        '--as',
        'system:serviceaccount:kube-system:namespace-controller',
        '--as-group',
        'system:masters',
      ];
      allowed(
        await run(['delete', 'rolebinding', 'in-doomed-namespace', '-n', UNPROTECTED, ...asController]),
      );
    });

    test('even a well-formed grant of cluster-admin is refused to Countersign, by RBAC', async () => {
      const message = denial(
        await run(
          ['create', '-f', '-'],
          'countersign',
          managedBinding('too-much', '2030-01-01T10:00:00Z', 'cluster-admin'),
        ),
      );
      assert.match(message, /forbidden/i);
      assert.doesNotMatch(message, MANAGED_RBAC);
    });
  });

  describe(`namespaces labelled countersign.io/protected=true (${PROTECTED})`, () => {
    test("a person's kubectl delete pod is refused with the /k8s-request to use instead", async () => {
      const pod = await newPod(PROTECTED);
      const message = denial(await run(['delete', 'pod', pod, '-n', PROTECTED], 'bob'));
      assert.match(message, PROTECTED_POLICY);
      assert.match(
        message,
        new RegExp(`use /k8s-request delete pod/${pod} -n ${PROTECTED} --reason "\\.\\.\\."`),
      );
      assert.match(message, /Direct changes in protected namespaces need a second signature/);
      assert.match(message, /bob may not delete pod/);
      assert.match(
        message,
        /or run this kubectl command through the Countersign proxy, where it waits for approval \(get its kubeconfig with: countersign kubeconfig\)/,
      );
      assert.equal(await exists('pod', pod, PROTECTED), true);
    });

    test('scaling, patching and evicting are refused too, each naming its own request', async () => {
      const scale = denial(await run(['scale', 'deployment', 'api', '--replicas=5', '-n', PROTECTED], 'bob'));
      assert.match(
        scale,
        new RegExp(`use /k8s-request scale deployment/api -n ${PROTECTED} --replicas 5 --reason`),
      );
      const restart = denial(await run(['rollout', 'restart', 'deployment', 'api', '-n', PROTECTED], 'bob'));
      assert.match(restart, new RegExp(`use /k8s-request restart deployment/api -n ${PROTECTED} --reason`));
      const patch = denial(
        await run(['patch', 'deployment', 'api', '-n', PROTECTED, '-p', '{"spec":{"paused":true}}'], 'bob'),
      );
      assert.match(patch, new RegExp(`use /k8s-request patch deployment/api -n ${PROTECTED} --patch`));
      const replicas = await cp.kubectl([
        'get',
        'deployment',
        'api',
        '-n',
        PROTECTED,
        '-o',
        'jsonpath={.spec.replicas}',
      ]);
      assert.equal(replicas, '3');

      const pod = await newPod(PROTECTED);
      const eviction = JSON.stringify({
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: pod, namespace: PROTECTED },
      });
      const evict = denial(
        await run(
          ['create', '--raw', `/api/v1/namespaces/${PROTECTED}/pods/${pod}/eviction`, '-f', '-'],
          'bob',
          eviction,
        ),
      );
      assert.match(evict, /bob may not evict pod/);
    });

    test('system:masters is a person too', async () => {
      const pod = await newPod(PROTECTED);
      assert.match(denial(await run(['delete', 'pod', pod, '-n', PROTECTED])), /admin may not delete pod/);
    });

    test('the same delete in an unprotected namespace goes through', async () => {
      const pod = await newPod(UNPROTECTED);
      allowed(await run(['delete', 'pod', pod, '-n', UNPROTECTED], 'bob'));
      assert.equal(await exists('pod', pod, UNPROTECTED), false);
    });

    test("Countersign's own identity goes through", async () => {
      const pod = await newPod(PROTECTED);
      allowed(await run(['delete', 'pod', pod, '-n', PROTECTED], 'countersign'));
      assert.equal(await exists('pod', pod, PROTECTED), false);
    });

    /** DELETE of a pod with raw impersonation headers (kubectl cannot send a user extra), as `user`; the HTTP status. */
    const impersonatedDelete = (user: ControlPlaneUser, pod: string, extra: boolean) =>
      new Promise<number>((resolve, reject) => {
        const headers: Record<string, string | string[]> = {
          authorization: `Bearer ${cp.tokens[user]}`,
          'impersonate-user': 'bob',
          'impersonate-group': ['sre', COUNTERSIGN_APPROVED_GROUP],
          ...(extra
            ? { [`impersonate-extra-${encodeURIComponent(COUNTERSIGN_APPROVED_EXTRA)}`]: 'true' }
            : {}),
        };
        const url = new URL(`/api/v1/namespaces/${PROTECTED}/pods/${pod}`, cp.server);
        const req = httpsRequest(
          url,
          { method: 'DELETE', ca: Buffer.from(cp.caData, 'base64'), headers },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end();
      });

    test(`Countersign impersonating the requester goes through with the user extra ${COUNTERSIGN_APPROVED_EXTRA}, not with the group ${COUNTERSIGN_APPROVED_GROUP}`, async () => {
      const pod = await newPod(PROTECTED);
      const asBob = ['--as', 'bob', '--as-group', 'sre'];
      const without = denial(await run(['delete', 'pod', pod, '-n', PROTECTED, ...asBob], 'countersign'));
      assert.match(without, /bob may not delete pod/);
      const groupOnly = denial(
        await run(
          ['delete', 'pod', pod, '-n', PROTECTED, ...asBob, '--as-group', COUNTERSIGN_APPROVED_GROUP],
          'countersign',
        ),
      );
      assert.match(groupOnly, PROTECTED_POLICY);
      assert.equal(await impersonatedDelete('countersign', pod, true), 200);
      assert.equal(await exists('pod', pod, PROTECTED), false);
    });

    test("serve's ServiceAccount cannot send the approved user extra: it may not impersonate at all", async () => {
      const pod = await newPod(PROTECTED);
      assert.equal(await impersonatedDelete('countersign-serve', pod, true), 403);
      assert.equal(await exists('pod', pod, PROTECTED), true);
    });

    test(`a token whose groups carry ${COUNTERSIGN_APPROVED_GROUP} is a person like any other`, async () => {
      const pod = await newPod(PROTECTED);
      const message = denial(await run(['delete', 'pod', pod, '-n', PROTECTED], 'mallory'));
      assert.match(message, PROTECTED_POLICY);
      assert.match(message, /mallory may not delete pod/);
      assert.equal(await exists('pod', pod, PROTECTED), true);
    });

    test(`a person cannot add ${COUNTERSIGN_APPROVED_GROUP} or the user extra to their own request`, async () => {
      const pod = await newPod(PROTECTED);
      const forged = ['--as', 'bob', '--as-group', 'sre', '--as-group', COUNTERSIGN_APPROVED_GROUP];
      const message = denial(await run(['delete', 'pod', pod, '-n', PROTECTED, ...forged], 'bob'));
      assert.match(message, /cannot impersonate/);
      assert.equal(await impersonatedDelete('bob', pod, true), 403);
      assert.equal(await impersonatedDelete('mallory', pod, true), 403);
      assert.equal(await exists('pod', pod, PROTECTED), true);
    });

    test('side doors are shut: an autoscaler, a debug container, deleting the namespace', async () => {
      const hpa = `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: api-hpa, namespace: ${PROTECTED} }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }
  minReplicas: 20
  maxReplicas: 30`;
      assert.match(denial(await run(['create', '-f', '-'], 'bob', hpa)), PROTECTED_POLICY);
      assert.equal(await exists('hpa', 'api-hpa', PROTECTED), false);
      allowed(await run(['create', '-f', '-'], 'bob', hpa.replace(PROTECTED, UNPROTECTED)));

      const pod = await newPod(PROTECTED);
      const debug = JSON.stringify({
        spec: { ephemeralContainers: [{ name: 'dbg', image: 'registry.example.com/tools/shell:1' }] },
      });
      const attached = denial(
        await run(
          [
            'patch',
            'pod',
            pod,
            '-n',
            PROTECTED,
            '--subresource=ephemeralcontainers',
            '--type=strategic',
            '-p',
            debug,
          ],
          'bob',
        ),
      );
      assert.match(attached, PROTECTED_POLICY);

      const gone = denial(await run(['delete', 'namespace', PROTECTED, '--dry-run=server']));
      assert.match(gone, PROTECTED_POLICY);
      assert.match(gone, /admin may not delete namespace\/prod-payments/);
      allowed(await run(['delete', 'namespace', UNPROTECTED, '--dry-run=server']));
    });

    test('controllers and nodes go through', async () => {
      const identities = [
        ['--as', 'system:serviceaccount:kube-system:replicaset-controller'],
        ['--as', 'system:kube-controller-manager', '--as-group', 'system:masters'],
        ['--as', 'system:node:ip-10-0-1-12', '--as-group', 'system:nodes', '--as-group', 'system:masters'],
      ];
      for (const identity of identities) {
        const pod = await newPod(PROTECTED);
        allowed(await run(['delete', 'pod', pod, '-n', PROTECTED, ...identity]));
        assert.equal(await exists('pod', pod, PROTECTED), false, identity.join(' '));
      }
      const impostor = await newPod(PROTECTED);
      const lookalike = ['--as', 'system:node:ip-10-0-1-12', '--as-group', 'system:masters'];
      assert.match(
        denial(await run(['delete', 'pod', impostor, '-n', PROTECTED, ...lookalike])),
        PROTECTED_POLICY,
      );
    });

    test('ServiceAccounts listed in countersign-admission-exemptions go through; others do not', async () => {
      const exemptions = JSON.stringify({
        data: { serviceAccounts: '# deploy pipeline\nci/deployer\ngitops/*, ops/tool\n' },
      });
      await cp.kubectl([
        'patch',
        'configmap',
        'countersign-admission-exemptions',
        '-n',
        'countersign',
        '--type=merge',
        '-p',
        exemptions,
      ]);
      const as = (namespace: string, name: string) => [
        '--as',
        `system:serviceaccount:${namespace}:${name}`,
        '--as-group',
        'system:masters',
      ];
      await eventually('the new exemptions to apply', async () => {
        const result = await run([
          'delete',
          'pod',
          'debug-shell',
          '-n',
          PROTECTED,
          '--dry-run=server',
          ...as('ci', 'deployer'),
        ]);
        return result.ok ? true : undefined;
      });
      for (const [namespace, name] of [
        ['ci', 'deployer'],
        ['gitops', 'argocd'],
        ['ops', 'tool'],
      ] as const) {
        const pod = await newPod(PROTECTED);
        allowed(await run(['delete', 'pod', pod, '-n', PROTECTED, ...as(namespace, name)]));
      }
      for (const [namespace, name] of [
        ['ci', 'other'],
        ['gitops-2', 'argocd'],
        ['kube-public', 'default'],
      ] as const) {
        const pod = await newPod(PROTECTED);
        assert.match(
          denial(await run(['delete', 'pod', pod, '-n', PROTECTED, ...as(namespace, name)])),
          PROTECTED_POLICY,
          `${namespace}/${name}`,
        );
      }
    });
  });
});
