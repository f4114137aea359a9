import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CHART, findHelm } from '../../../scripts/chart-manifests.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { find, podSpec, probePod, renderChart, type ChartObject } from './chart-objects.ts';
import { eventually, outcome } from './kubectl-outcome.ts';

/** Objects as one JSON List: re-emitted YAML 1.2 would leave `yes` unquoted, which kubectl reads as a bool. */
const yamlOf = (objects: readonly ChartObject[]) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
/** Kinds whose CRDs (prometheus-operator) the test API server does not have. */
const OPERATOR_KINDS = /^(ServiceMonitor|PrometheusRule)$/;

describe('helm chart charts/countersign on a real kube-apiserver', () => {
  let cp: ControlPlane;
  let helm: string;
  const can = async (args: readonly string[], as: string) => {
    const result = await outcome(cp.kubectl(['auth', 'can-i', ...args, '--as', as, '--quiet']));
    if (!result.ok && /error/i.test(result.stderr))
      throw new Error(`can-i ${args.join(' ')}: ${result.stderr}`);
    return result.ok;
  };

  before(async () => {
    [cp, helm] = await Promise.all([startControlPlane(), findHelm()]);
  });
  after(async () => {
    await cp?.stop();
  });

  test('the defaults and each CI values file pass a server-side dry run in a restricted namespace', async () => {
    await cp.kubectl(['create', 'namespace', 'countersign']);
    await cp.kubectl([
      'label',
      'namespace',
      'countersign',
      'pod-security.kubernetes.io/enforce=restricted',
      'pod-security.kubernetes.io/warn=restricted',
    ]);
    for (const values of [
      ['--set', 'redis.url=redis://redis.example.com:6379'],
      ['-f', `${CHART}/ci/bundled-redis-values.yaml`],
      ['-f', `${CHART}/ci/external-redis-values.yaml`],
      [
        ...['--set', 'redis.url=redis://redis.example.com:6379', '--set', 'proxy.enabled=true'],
        ...[
          '--set',
          'proxy.publicUrl=https://kube.example.com',
          '--set',
          'proxy.tls.secretName=kube-proxy-tls',
        ],
      ],
    ]) {
      const objects = (await renderChart(helm, values)).filter((o) => !OPERATOR_KINDS.test(o.kind));
      const lines = (await cp.kubectl(['apply', '--dry-run=server', '-f', '-'], 'admin', yamlOf(objects)))
        .trim()
        .split('\n');
      assert.equal(lines.length, objects.length, lines.join('\n'));
      assert.ok(
        lines.every((line) => / (created|configured|unchanged) \(server dry run\)$/.test(line)),
        lines.join('\n'),
      );
      // The namespace enforces `restricted` on pods: each pod template must pass it.
      for (const workload of objects.filter((o) => /^(Deployment|StatefulSet)$/.test(o.kind))) {
        const pod = probePod(workload, 'countersign');
        const result = await outcome(
          cp.kubectl(['create', '--dry-run=server', '-f', '-'], 'admin', JSON.stringify(pod)),
        );
        assert.ok(result.ok, `${workload.kind}/${workload.metadata.name}: ${result.ok ? '' : result.stderr}`);
      }
    }
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
    assert.match(plain.ok ? '' : plain.stderr, /violates PodSecurity "restricted/);
  });

  test('a release of its own, applied for real: serve cannot impersonate or bind, the worker can, and its admission policy guards grants', async () => {
    const objects = await renderChart(
      helm,
      [
        ...['--set', 'namespace.create=true', '-f', `${CHART}/ci/bundled-redis-values.yaml`],
        ...['--set', 'proxy.enabled=true', '--set', 'proxy.publicUrl=https://kube.example.com'],
        ...['--set', 'proxy.tls.secretName=kube-proxy-tls'],
      ],
      { release: 'approvals', namespace: 'platform' },
    );
    await cp.kubectl(['apply', '-f', '-'], 'admin', yamlOf(objects));
    const serve = 'system:serviceaccount:platform:approvals-countersign-serve';
    const worker = 'system:serviceaccount:platform:approvals-countersign';
    for (const args of [
      ['impersonate', 'users'],
      ['impersonate', 'groups'],
      ['bind', 'clusterroles.rbac.authorization.k8s.io/view'],
      ['patch', 'deployments.apps', '-n', 'prod-payments'],
      ['create', 'rolebindings.rbac.authorization.k8s.io', '-n', 'prod-payments'],
    ])
      assert.equal(await can(args, serve), false, `serve can-i ${args.join(' ')}`);
    assert.equal(await can(['list', 'namespaces'], serve), true);
    for (const args of [
      ['impersonate', 'users'],
      ['bind', 'clusterroles.rbac.authorization.k8s.io/view'],
      ['create', 'rolebindings.rbac.authorization.k8s.io', '-n', 'prod-payments'],
    ])
      assert.equal(await can(args, worker), true, `worker can-i ${args.join(' ')}`);
    assert.equal(await can(['bind', 'clusterroles.rbac.authorization.k8s.io/cluster-admin'], worker), false);

    const deployment = JSON.parse(
      await cp.kubectl(['get', 'deployment', 'approvals-countersign-serve', '-n', 'platform', '-o', 'json']),
    ) as ChartObject;
    assert.equal(podSpec(deployment).serviceAccountName, 'approvals-countersign-serve');
    assert.ok(find(objects, 'StatefulSet', 'approvals-countersign-redis'));

    // A forged grant: only the release's worker may write bindings labelled managed-by=countersign.
    const forged = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: {
        name: 'forged',
        namespace: 'staging-web',
        labels: { 'app.kubernetes.io/managed-by': 'countersign' },
        annotations: { 'countersign.io/expires-at': '2099-01-01T00:00:00Z' },
      },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
    };
    await cp.kubectl(['create', 'namespace', 'staging-web']);
    const denied = await eventually('the release admission policy to enforce', async () => {
      const result = await outcome(
        cp.kubectl(['create', '--dry-run=server', '-f', '-'], 'admin', JSON.stringify(forged)),
      );
      return result.ok ? undefined : result.stderr;
    });
    assert.match(denied, /ValidatingAdmissionPolicy 'approvals-countersign-managed-rbac'/);
    assert.match(denied, /Only Countersign \(system:serviceaccount:platform:approvals-countersign\) may/);
  });

  test("that release's kubectl proxy ServiceAccount can do what the proxy calls and nothing more (kubectl auth can-i)", async () => {
    const proxy = 'system:serviceaccount:platform:approvals-countersign-proxy';
    // What src/adapters/kube-proxy calls as itself: TokenReview (token-reviewer.ts), SubjectAccessReview
    // (caller-impersonation.ts), impersonation of the caller (forward-headers.ts: user, UID, groups, the
    // approval extra), and target reads for policy labels (submit-request.ts lookupTarget).
    const needs: string[][] = [
      ['create', 'tokenreviews.authentication.k8s.io'],
      ['create', 'subjectaccessreviews.authorization.k8s.io'],
      ['impersonate', 'users/alice@example.com'],
      ['impersonate', 'groups/developers'],
      ['impersonate', 'groups/countersign:approved'],
      ['get', 'deployments.apps', '-n', 'prod-payments'],
      ['get', 'pods', '-n', 'prod-payments'],
      ['get', 'nodes'],
    ];
    for (const args of needs) assert.equal(await can(args, proxy), true, `proxy can-i ${args.join(' ')}`);
    const never: string[][] = [
      // No other user extras (scopes, or any key an admission policy might trust), no ServiceAccounts.
      ['impersonate', 'serviceaccounts', '-n', 'kube-system'],
      // Nothing written as itself: no workloads, pods, nodes, RBAC, grants.
      ['patch', 'deployments.apps', '-n', 'prod-payments'],
      ['delete', 'pods', '-n', 'prod-payments'],
      ['create', 'pods', '--subresource=eviction', '-n', 'prod-payments'],
      ['patch', 'nodes'],
      ['create', 'rolebindings.rbac.authorization.k8s.io', '-n', 'prod-payments'],
      ['create', 'clusterrolebindings.rbac.authorization.k8s.io'],
      ['bind', 'clusterroles.rbac.authorization.k8s.io/view'],
      ['escalate', 'clusterroles.rbac.authorization.k8s.io'],
      // Nothing sensitive to read and no tokens to mint; no lists.
      ['get', 'secrets', '-n', 'prod-payments'],
      ['get', 'configmaps', '-n', 'platform'],
      ['list', 'pods', '--all-namespaces'],
      ['list', 'namespaces'],
      ['create', 'serviceaccounts/token', '-n', 'platform'],
    ];
    for (const args of never) assert.equal(await can(args, proxy), false, `proxy can-i ${args.join(' ')}`);
    // kubectl auth can-i cannot name these (no discovery for uids or userextras): ask the API server directly.
    const may = async (resource: string, subresource = '') => {
      const review = {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: proxy,
          resourceAttributes: { verb: 'impersonate', group: 'authentication.k8s.io', resource, subresource },
        },
      };
      const answer = await cp.kubectl(['create', '-o', 'json', '-f', '-'], 'admin', JSON.stringify(review));
      return (JSON.parse(answer) as { status: { allowed: boolean } }).status.allowed;
    };
    assert.equal(await may('uids'), true, 'impersonate uids');
    assert.equal(await may('userextras', 'countersign.kubernetes.io/approved'), true, 'the approval extra');
    assert.equal(await may('userextras', 'scopes'), false, 'any other user extra');
    // The worker no longer holds the proxy's TokenReview right; serve never did.
    for (const account of ['approvals-countersign', 'approvals-countersign-serve'])
      assert.equal(
        await can(
          ['create', 'tokenreviews.authentication.k8s.io'],
          `system:serviceaccount:platform:${account}`,
        ),
        false,
        account,
      );
    const deployment = JSON.parse(
      await cp.kubectl(['get', 'deployment', 'approvals-countersign-proxy', '-n', 'platform', '-o', 'json']),
    ) as ChartObject;
    assert.equal(podSpec(deployment).serviceAccountName, 'approvals-countersign-proxy');
  });
});
