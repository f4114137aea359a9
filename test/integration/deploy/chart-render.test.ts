import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/load.ts';
import { parseIdentityTable } from '../../../src/core/identity/identity-table.ts';
import { loadPolicy } from '../../../src/core/policy/load-policy.ts';
import { CHART, REPO_ROOT, findHelm } from '../../../scripts/chart-manifests.ts';
import {
  DEFAULT_OBJECTS,
  HelmRunError,
  find,
  names,
  podSpec,
  renderChart,
  runHelm,
  type ChartObject,
} from './chart-objects.ts';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}
interface Binding {
  roleRef: { name: string };
  subjects: { kind: string; name: string; namespace: string }[];
}

const BUNDLED = `${CHART}/ci/bundled-redis-values.yaml`;
const EXTERNAL = `${CHART}/ci/external-redis-values.yaml`;
/** The kubectl proxy on, with a TLS Secret of the operator's. */
const PROXY = [
  ...['--set', 'redis.url=redis://redis.example.com:6379', '--set', 'proxy.enabled=true'],
  ...['--set', 'proxy.publicUrl=https://kube.countersign.example.com'],
  ...['--set', 'proxy.tls.secretName=kube-proxy-tls'],
];
const WRITE_VERBS = [
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'impersonate',
  'bind',
  'escalate',
];

const data = (object: ChartObject) => (object as unknown as { data: Record<string, string> }).data;

/** Every rule a ServiceAccount holds through the rendered ClusterRoleBindings. */
function rulesOf(objects: readonly ChartObject[], account: string, namespace = 'countersign'): Rule[] {
  return objects
    .filter((o) => o.kind === 'ClusterRoleBinding')
    .map((o) => o as unknown as Binding & ChartObject)
    .filter((b) =>
      b.subjects.some((s) => s.kind === 'ServiceAccount' && s.name === account && s.namespace === namespace),
    )
    .flatMap((b) => (find(objects, 'ClusterRole', b.roleRef.name) as unknown as { rules: Rule[] }).rules);
}

/** What serve or worker would load from the rendered ConfigMaps, as Countersign loads it. */
function loadRendered(
  objects: readonly ChartObject[],
  secretEnv: Record<string, string> = {},
  secretFiles: Record<string, string> = {},
) {
  const settings = data(find(objects, 'ConfigMap', 'countersign-config'));
  const files: Record<string, string> = {
    [settings.COUNTERSIGN_POLICY_FILE ?? '']:
      data(find(objects, 'ConfigMap', 'countersign-policy'))['policy.yaml'] ?? '',
    [settings.COUNTERSIGN_IDENTITY_TABLE_FILE ?? '']:
      data(find(objects, 'ConfigMap', 'countersign-identities'))['identities.yaml'] ?? '',
    ...secretFiles,
  };
  return loadConfig({ ...settings, ...secretEnv }, (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`no file ${path} in the rendered ConfigMaps`);
    return text;
  });
}

describe('helm chart charts/countersign: lint and render', () => {
  let helm: string;
  let defaults: ChartObject[];
  let bundled: ChartObject[];
  let external: ChartObject[];
  let proxied: ChartObject[];

  before(async () => {
    helm = await findHelm();
    [defaults, bundled, external, proxied] = await Promise.all([
      renderChart(helm, ['--set', 'redis.url=redis://redis.example.com:6379']),
      renderChart(helm, ['-f', BUNDLED]),
      renderChart(helm, ['-f', EXTERNAL]),
      renderChart(helm, PROXY),
    ]);
  });

  test('helm lint --strict passes with each values file', async () => {
    for (const values of [['--set', 'redis.url=redis://r:6379'], ['-f', BUNDLED], ['-f', EXTERNAL], PROXY]) {
      const out = await runHelm(helm, ['lint', '--strict', CHART, ...values]);
      assert.match(out, /1 chart\(s\) linted, 0 chart\(s\) failed/, out);
    }
  });

  test('the defaults render serve and worker with split ServiceAccounts, Services, PDBs, NetworkPolicies and both admission policies', () => {
    assert.deepEqual(names(defaults), DEFAULT_OBJECTS);
    for (const object of defaults) {
      const labels = object.metadata.labels ?? {};
      assert.equal(labels['app.kubernetes.io/name'], 'countersign', `${object.kind}/${object.metadata.name}`);
      assert.equal(labels['app.kubernetes.io/instance'], 'countersign');
      assert.equal(labels['app.kubernetes.io/managed-by'], 'Helm');
    }
  });

  test("serve's ServiceAccount holds no impersonate, bind, escalate or write verb; the worker's may impersonate and bind the grantable roles only", () => {
    assert.equal(
      podSpec(find(defaults, 'Deployment', 'countersign-serve')).serviceAccountName,
      'countersign-serve',
    );
    assert.equal(
      podSpec(find(defaults, 'Deployment', 'countersign-worker')).serviceAccountName,
      'countersign',
    );
    const serve = rulesOf(defaults, 'countersign-serve');
    assert.ok(serve.length > 0);
    const serveVerbs = serve.flatMap((r) => r.verbs);
    for (const verb of [...WRITE_VERBS, '*']) assert.ok(!serveVerbs.includes(verb), `serve holds ${verb}`);
    const worker = rulesOf(defaults, 'countersign');
    assert.ok(worker.some((r) => r.verbs.includes('impersonate') && r.resources.includes('users')));
    const binds = worker.filter((r) => r.verbs.includes('bind'));
    assert.deepEqual(
      binds.map((r) => r.resourceNames),
      [['view', 'edit']],
    );
    assert.ok(!worker.some((r) => r.verbs.includes('*') || r.verbs.includes('escalate')));
  });

  test('probes and /metrics are on the metrics port, which the public Service does not expose', () => {
    const settings = data(find(defaults, 'ConfigMap', 'countersign-config'));
    for (const name of ['countersign-serve', 'countersign-worker']) {
      const [container] = podSpec(find(defaults, 'Deployment', name)).containers;
      assert.ok(container);
      const metrics = container.ports.find((p) => p.name === 'metrics');
      assert.equal(metrics?.containerPort, Number(settings.METRICS_PORT), name);
      for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe])
        assert.equal(probe?.httpGet?.port, 'metrics', name);
      assert.equal(container.readinessProbe?.httpGet?.path, '/readyz');
      assert.deepEqual(container.args, [name.replace('countersign-', '')]);
    }
    const ports = (service: string) =>
      (
        find(defaults, 'Service', service) as unknown as { spec: { ports: { targetPort: string }[] } }
      ).spec.ports.map((p) => p.targetPort);
    assert.deepEqual(ports('countersign'), ['http']);
    assert.deepEqual(ports('countersign-serve-metrics'), ['metrics']);
    assert.deepEqual(ports('countersign-worker-metrics'), ['metrics']);
    assert.notEqual(settings.METRICS_PORT, settings.HTTP_PORT);
  });

  test('every container runs non-root on a read-only root filesystem with all capabilities dropped', () => {
    for (const workload of [...defaults, ...bundled].filter((o) =>
      /^(Deployment|StatefulSet)$/.test(o.kind),
    )) {
      const pod = podSpec(workload);
      assert.equal(pod.securityContext.runAsNonRoot, true, workload.metadata.name);
      for (const container of pod.containers) {
        assert.equal(container.securityContext.readOnlyRootFilesystem, true, workload.metadata.name);
        assert.equal(container.securityContext.allowPrivilegeEscalation, false);
        assert.deepEqual(container.securityContext.capabilities, { drop: ['ALL'] });
      }
    }
  });

  test('the rendered settings, policy and identity table load as Countersign loads them', () => {
    const config = loadRendered(defaults);
    assert.equal(config.http.host, '0.0.0.0');
    assert.deepEqual(config.http.ops, { host: '0.0.0.0', port: 9090 });
    assert.equal(config.redis.url, 'redis://redis.example.com:6379');
    const policy = data(find(defaults, 'ConfigMap', 'countersign-policy'))['policy.yaml'] ?? '';
    assert.equal(loadPolicy(policy, 'chart default policy').rules.length, 1);
    const table = parseIdentityTable(
      parse(data(find(defaults, 'ConfigMap', 'countersign-identities'))['identities.yaml'] ?? ''),
      'identities.yaml',
    );
    assert.deepEqual(table, { slack: {}, teams: {}, web: {}, emailGroups: {} });
  });

  test('the bundled Redis never evicts, is reached by serve and worker only, and is the URL they use', () => {
    const redis = find(bundled, 'StatefulSet', 'countersign-redis');
    const args = podSpec(redis).containers[0]?.args?.join(' ') ?? '';
    assert.match(args, /--appendonly yes/);
    assert.match(args, /--maxmemory-policy noeviction/);
    assert.equal(loadRendered(bundled).redis.url, 'redis://countersign-redis:6379');
    const policy = find(bundled, 'NetworkPolicy', 'countersign-redis') as unknown as {
      spec: {
        ingress: { from: { podSelector: { matchExpressions: { key: string; values: string[] }[] } }[] }[];
      };
    };
    const components = policy.spec.ingress[0]?.from[0]?.podSelector.matchExpressions.find(
      (e) => e.key === 'app.kubernetes.io/component',
    );
    assert.deepEqual(components?.values, ['serve', 'worker']);
    assert.ok(!names(defaults).includes('StatefulSet/countersign-redis'));
  });

  test('non-default values: Sentinel over TLS, secrets as files, no impersonation, extra grantable role, exemptions, ServiceMonitor', () => {
    const pod = podSpec(find(external, 'Deployment', 'countersign-worker'));
    const [container] = pod.containers;
    // Countersign reads each secret from the file the pod mounts, as X_FILE says.
    const fileEnv = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value ?? '']));
    const secretOf: Record<string, string> = {
      SLACK_BOT_TOKEN: 'xoxb-0000-1111-abcdefabcdef',
      SLACK_SIGNING_SECRET: 'ab'.repeat(16),
    };
    const files = Object.fromEntries(
      Object.entries(fileEnv).map(([name, path]) => [
        path,
        `${secretOf[name.replace(/_FILE$/, '')] ?? 's'.repeat(40)}\n`,
      ]),
    );
    const config = loadRendered(external, fileEnv, files);
    assert.equal(config.redis.password, 's'.repeat(40));
    assert.equal(config.redis.sentinel?.name, 'mymaster');
    assert.deepEqual(config.redis.sentinel?.nodes, [
      { host: 'sentinel-0.redis.example.com', port: 26379 },
      { host: 'sentinel-1.redis.example.com', port: 26379 },
    ]);
    assert.deepEqual(
      container?.env?.map((e) => [e.name, e.value]),
      [
        'REDIS_PASSWORD',
        'SLACK_BOT_TOKEN',
        'SLACK_SIGNING_SECRET',
        'SESSION_SECRET',
        'OIDC_CLIENT_SECRET',
      ].map((key) => [`${key}_FILE`, `/etc/countersign/secrets/${key}`]),
    );
    const secrets = pod.volumes.find((v) => v.name === 'secrets');
    assert.equal(secrets?.secret?.secretName, 'countersign-secrets');
    assert.equal(secrets?.secret?.items?.length, 5);
    assert.ok(container?.volumeMounts.some((m) => m.mountPath === '/etc/countersign/secrets'));
    assert.match(container?.image ?? '', /^registry\.example\.com\/platform\/countersign@sha256:/);
    assert.ok(!names(external).includes('ClusterRoleBinding/countersign-impersonator'));
    assert.ok(
      !rulesOf(external, 'countersign').some(
        (r) => r.verbs.includes('impersonate') && r.resources.includes('users'),
      ),
    );
    assert.deepEqual(rulesOf(external, 'countersign').find((r) => r.verbs.includes('bind'))?.resourceNames, [
      'view',
      'edit',
      'countersign-pod-logs',
    ]);
    assert.equal(
      data(find(external, 'ConfigMap', 'countersign-admission-exemptions')).serviceAccounts,
      'argocd/argocd-application-controller\nflux-system/*\n',
    );
    assert.ok(!external.some((o) => o.kind === 'NetworkPolicy'));
    const monitor = find(external, 'ServiceMonitor', 'countersign') as unknown as {
      spec: { endpoints: { port: string }[] };
      metadata: { labels: Record<string, string> };
    };
    assert.deepEqual(
      monitor.spec.endpoints.map((e) => e.port),
      ['metrics'],
    );
    assert.equal(monitor.metadata.labels.release, 'prometheus');
  });

  test("monitoring on: the PrometheusRule and the dashboard ConfigMap Grafana's sidecar loads", async () => {
    const objects = await renderChart(helm, [
      '--set',
      'redis.url=redis://r:6379',
      '--set',
      'metrics.prometheusRule.enabled=true',
      '--set',
      'metrics.grafanaDashboard.enabled=true',
    ]);
    const dashboard = find(objects, 'ConfigMap', 'countersign-dashboard');
    assert.equal(dashboard.metadata.labels?.grafana_dashboard, '1');
    const json = data(dashboard)['countersign.json'] ?? '';
    assert.deepEqual(
      JSON.parse(json),
      JSON.parse(readFileSync(`${REPO_ROOT}/${CHART}/files/grafana-dashboard.json`, 'utf8')),
    );
    const rule = find(objects, 'PrometheusRule', 'countersign') as unknown as {
      spec: { groups: { rules: { alert: string; expr: string }[] }[] };
    };
    const rules = rule.spec.groups.flatMap((g) => g.rules);
    assert.equal(rules.length, 10);
    assert.ok(rules.every((r) => r.expr.includes('namespace="countersign"')));
    assert.ok(!names(defaults).some((n) => /^(PrometheusRule|ServiceMonitor)\//.test(n)));
  });

  test('in a namespace and release of its own, RBAC subjects and admission policies name that worker ServiceAccount', async () => {
    const objects = await renderChart(helm, ['--set', 'redis.url=redis://r:6379'], {
      release: 'approvals',
      namespace: 'platform',
    });
    const user = 'system:serviceaccount:platform:approvals-countersign';
    const managed = JSON.stringify(
      find(objects, 'ValidatingAdmissionPolicy', 'approvals-countersign-managed-rbac'),
    );
    assert.ok(managed.includes(`variables.user == '${user}'`), managed);
    assert.ok(!managed.includes('system:serviceaccount:countersign:'));
    const protectedNs = JSON.stringify(
      find(objects, 'ValidatingAdmissionPolicy', 'approvals-countersign-protected-namespaces'),
    );
    assert.ok(protectedNs.includes(`request.userInfo.username != '${user}'`));
    const binding = find(
      objects,
      'ValidatingAdmissionPolicyBinding',
      'approvals-countersign-protected-namespaces',
    ) as unknown as {
      spec: { paramRef: { name: string; namespace: string } };
    };
    assert.deepEqual(binding.spec.paramRef, {
      name: 'approvals-countersign-admission-exemptions',
      namespace: 'platform',
      parameterNotFoundAction: 'Allow',
    });
    assert.ok(
      rulesOf(objects, 'approvals-countersign', 'platform').some((r) => r.verbs.includes('impersonate')),
    );
    assert.ok(
      !rulesOf(objects, 'approvals-countersign-serve', 'platform').some((r) =>
        r.verbs.includes('impersonate'),
      ),
    );
  });

  test('proxy.enabled adds the proxy as its own Deployment, ServiceAccount, Services, PDB and NetworkPolicy; serve and worker are unchanged', () => {
    assert.deepEqual(
      names(proxied).filter((n) => !DEFAULT_OBJECTS.includes(n)),
      [
        'ClusterRoleBinding/countersign-proxy',
        'Deployment/countersign-proxy',
        'NetworkPolicy/countersign-proxy',
        'PodDisruptionBudget/countersign-proxy',
        'Service/countersign-proxy',
        'Service/countersign-proxy-metrics',
        'ServiceAccount/countersign-proxy',
      ],
    );
    const pod = podSpec(find(proxied, 'Deployment', 'countersign-proxy'));
    assert.equal(pod.serviceAccountName, 'countersign-proxy');
    const [container] = pod.containers;
    assert.deepEqual(container?.args, ['proxy']);
    assert.deepEqual(
      container?.ports.map((p) => [p.name, p.containerPort]),
      [
        ['proxy', 8443],
        ['metrics', 9090],
      ],
    );
    for (const probe of [container?.startupProbe, container?.livenessProbe, container?.readinessProbe])
      assert.equal(probe?.httpGet?.port, 'metrics');
    assert.equal(container?.readinessProbe?.httpGet?.path, '/readyz');
    const tls = pod.volumes.find((v) => v.name === 'proxy-tls');
    assert.equal(tls?.secret?.secretName, 'kube-proxy-tls');
    assert.ok(container?.volumeMounts.some((m) => m.name === 'proxy-tls'));
    const service = find(proxied, 'Service', 'countersign-proxy') as unknown as {
      spec: { ports: { port: number; targetPort: string }[] };
    };
    assert.deepEqual(
      service.spec.ports.map((p) => [p.port, p.targetPort]),
      [[443, 'proxy']],
    );
    const policy = find(proxied, 'NetworkPolicy', 'countersign-proxy') as unknown as {
      spec: { ingress: { ports: { port: string }[] }[] };
    };
    assert.deepEqual(
      policy.spec.ingress.map((i) => i.ports.map((p) => p.port)),
      [['proxy'], ['metrics']],
    );
    // The settings the proxy process loads: TLS files from the mounted Secret, every address, the public URL.
    const config = loadRendered(proxied);
    assert.deepEqual(config.proxy.tls, {
      certPath: '/etc/countersign/proxy-tls/tls.crt',
      keyPath: '/etc/countersign/proxy-tls/tls.key',
    });
    assert.equal(config.proxy.host, '0.0.0.0');
    assert.equal(config.proxy.port, 8443);
    assert.equal(config.proxy.publicUrl, 'https://kube.countersign.example.com');
    assert.ok(
      container?.volumeMounts.some((m) => config.proxy.tls?.certPath.startsWith(`${m.mountPath}/`)),
      'the certificate path is inside a mount',
    );
    for (const name of ['countersign-serve', 'countersign-worker'])
      assert.deepEqual(
        podSpec(find(proxied, 'Deployment', name)),
        podSpec(find(defaults, 'Deployment', name)),
      );
  });

  test("the proxy's ServiceAccount reviews tokens and access, impersonates callers and reads targets, nothing else; the worker's no longer reviews tokens", async () => {
    const rules = rulesOf(proxied, 'countersign-proxy');
    const grants = rules.flatMap((r) =>
      r.resources.flatMap((resource) =>
        r.verbs.map((verb) => `${verb} ${r.apiGroups.join(',') || 'core'}/${resource}`),
      ),
    );
    assert.deepEqual(grants.sort(), [
      'create authentication.k8s.io/tokenreviews',
      'create authorization.k8s.io/subjectaccessreviews',
      'get apps/daemonsets',
      'get apps/deployments',
      'get apps/replicasets',
      'get apps/statefulsets',
      'get core/nodes',
      'get core/pods',
      'impersonate authentication.k8s.io/uids',
      'impersonate authentication.k8s.io/userextras/countersign.kubernetes.io/approved',
      'impersonate core/groups',
      'impersonate core/users',
    ]);
    assert.ok(!rules.some((r) => r.resourceNames !== undefined));
    for (const worker of [rulesOf(proxied, 'countersign'), rulesOf(defaults, 'countersign')])
      assert.ok(!worker.some((r) => r.resources.includes('tokenreviews')));
    // The proxy files requests in Redis: the bundled Redis takes its connections too.
    const redis = find(
      await renderChart(helm, ['-f', BUNDLED, ...PROXY]),
      'NetworkPolicy',
      'countersign-redis',
    );
    assert.ok(JSON.stringify(redis).includes('"values":["serve","worker","proxy"]'), JSON.stringify(redis));
  });

  test('proxy TLS from cert-manager: a Certificate for the public host and the extra names, in the Secret the proxy mounts', async () => {
    const objects = await renderChart(helm, [
      ...PROXY.slice(0, -2),
      ...[
        '--set',
        'proxy.tls.certManager.enabled=true',
        '--set',
        'proxy.tls.certManager.issuerRef.name=internal-ca',
      ],
      ...['--set', 'proxy.tls.certManager.dnsNames={countersign-proxy.countersign.svc}'],
    ]);
    const certificate = find(objects, 'Certificate', 'countersign-proxy') as unknown as {
      spec: { secretName: string; dnsNames: string[]; issuerRef: { kind: string; name: string } };
    };
    assert.equal(certificate.spec.secretName, 'countersign-proxy-tls');
    assert.deepEqual(certificate.spec.dnsNames, [
      'kube.countersign.example.com',
      'countersign-proxy.countersign.svc',
    ]);
    assert.deepEqual(
      [certificate.spec.issuerRef.kind, certificate.spec.issuerRef.name],
      ['ClusterIssuer', 'internal-ca'],
    );
    const pod = podSpec(find(objects, 'Deployment', 'countersign-proxy'));
    assert.equal(
      pod.volumes.find((v) => v.name === 'proxy-tls')?.secret?.secretName,
      'countersign-proxy-tls',
    );
    assert.ok(
      !names(proxied).includes('Certificate/countersign-proxy'),
      'no Certificate with a Secret of your own',
    );
  });

  test('bad values stop the render with a message naming the value', async () => {
    const refused = async (args: string[], message: RegExp) => {
      const error = await renderChart(helm, args).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof HelmRunError, `helm template ${args.join(' ')} rendered`);
      assert.match(error.stderr, message);
    };
    await refused([], /redis: set redis\.url/);
    await refused(
      ['--set', 'redis.url=redis://r:6379', '--set-string', 'config.HTTP_PORT=9000'],
      /config\.HTTP_PORT: the chart sets HTTP_PORT itself/,
    );
    await refused(
      ['--set', 'redis.url=redis://r:6379', '--set', 'config.SLACK_BOT_TOKEN=xoxb-1'],
      /config\.SLACK_BOT_TOKEN: this is a secret/,
    );
    await refused(['--set', 'redis.url=redis://r:6379', '--set', 'serve.replica=3'], /replica/);
    await refused(['--set', 'redis.url=http://r:6379'], /redis\.url|url/);
    await refused(
      ['--set', 'redis.url=redis://r:6379', '--set', 'redis.sentinels[0]=s:26379'],
      /redis\.sentinelName/,
    );
    await refused(
      ['--set', 'redis.url=redis://r:6379', '--set', 'redis.tls.caSecret=redis-ca'],
      /redis\.tls\.caSecret: needs redis\.url to be rediss:\/\//,
    );
    await refused(
      ['--set', 'redis.url=redis://r:6379', '--set', 'proxy.enabled=true', '--set', 'proxy.tls.secretName=t'],
      /proxy\.publicUrl: the https URL kubectl reaches the proxy at/,
    );
    await refused(
      [
        '--set',
        'redis.url=redis://r:6379',
        '--set',
        'proxy.enabled=true',
        '--set',
        'proxy.publicUrl=https://k.example.com',
      ],
      /proxy\.tls: set proxy\.tls\.secretName/,
    );
    await refused([...PROXY, '--set', 'proxy.publicUrl=http://k.example.com'], /publicUrl/);
    await refused(
      [...PROXY, '--set-string', 'config.PROXY_PORT=9443'],
      /config\.PROXY_PORT: the chart sets PROXY_PORT itself/,
    );
  });
});
