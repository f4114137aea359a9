import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, findHelm } from '../../../scripts/chart-manifests.ts';
import { RBAC_MANIFEST, startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';

/**
 * The sections of docs/install.md followed, in this order: the install, its uninstall,
 * then the dev install (an alternative the doc describes after the first).
 */
const WALKTHROUGH = ['2. Namespace and Secret', '3. Values', '4. Install', 'Uninstall', 'Try it'];

/** Steps that need running pods (there is no kubelet here) or a container engine, and why each is not run. */
const NOT_RUN: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /^kubectl -n countersign rollout status /, why: 'no kubelet: pods stay Pending' },
  { pattern: /^kubectl -n countersign port-forward /, why: 'no kubelet: no pod to forward to' },
];

interface Step {
  readonly section: string;
  readonly command: string;
}

/** The shell commands (continuations joined, comments cut) and YAML blocks of each walkthrough section. */
function readDoc(): { steps: Step[]; yaml: Map<string, string> } {
  const text = readFileSync(join(REPO_ROOT, 'docs/install.md'), 'utf8');
  const steps: Step[] = [];
  const yaml = new Map<string, string>();
  for (const part of text.split(/^### /m).slice(1)) {
    const section = part.slice(0, part.indexOf('\n'));
    if (!WALKTHROUGH.some((name) => section.startsWith(name))) continue;
    for (const block of part.matchAll(/^```(sh|yaml)\n([\s\S]*?)^```$/gm)) {
      if (block[1] === 'yaml') {
        yaml.set(section, block[2] ?? '');
        continue;
      }
      for (const line of (block[2] ?? '').replace(/\\\n\s*/g, ' ').split('\n')) {
        const command = line.replace(/\s+#.*$/, '').trim();
        if (command !== '' && !command.startsWith('#')) steps.push({ section, command });
      }
    }
  }
  const order = (step: Step) => WALKTHROUGH.findIndex((name) => step.section.startsWith(name));
  return { steps: steps.sort((a, b) => order(a) - order(b)), yaml };
}

describe('docs/install.md, followed step by step on a real kube-apiserver', () => {
  let cp: ControlPlane;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const kubectl = (args: readonly string[]) => cp.kubectl(args);

  before(async () => {
    const [plane, helm] = await Promise.all([startControlPlane(), findHelm()]);
    cp = plane;
    // An empty cluster, as a newcomer has: the harness applied Countersign's RBAC, which Helm would refuse to adopt.
    await cp.kubectl(['delete', '-f', RBAC_MANIFEST]);
    await cp.kubectl(['delete', 'clusterrolebinding', 'countersign-proxy-in-start']);
    // A newcomer's folder: the repository's chart, examples and manifests, and the files the doc has them write.
    dir = mkdtempSync(join(tmpdir(), 'countersign-install-'));
    for (const name of ['charts', 'examples', 'manifests'])
      symlinkSync(join(REPO_ROOT, name), join(dir, name));
    symlinkSync(cp.binaries.kubectl, join(dir, 'kubectl'));
    symlinkSync(helm, join(dir, 'helm'));
    env = {
      PATH: `${dir}:/usr/bin:/bin`,
      HOME: dir,
      KUBECONFIG: cp.kubeconfigPath,
      HELM_CACHE_HOME: join(dir, '.helm/cache'),
      HELM_CONFIG_HOME: join(dir, '.helm/config'),
      HELM_DATA_HOME: join(dir, '.helm/data'),
    };
  });
  after(async () => {
    await cp?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('every step runs, and the install it describes is on the API server', async () => {
    const { steps, yaml } = readDoc();
    const values = yaml.get([...yaml.keys()].find((s) => s.startsWith('3. Values')) ?? '');
    assert.ok(values, 'section 3 shows my-values.yaml');
    writeFileSync(join(dir, 'my-values.yaml'), values);
    // "Write your own (start from examples/policy.yaml)".
    writeFileSync(join(dir, 'policy.yaml'), readFileSync(join(REPO_ROOT, 'examples/policy.yaml')));

    const ran: string[] = [];
    const skipped: string[] = [];
    let installed = false;
    for (const { section, command } of steps) {
      if (NOT_RUN.some((s) => s.pattern.test(command))) {
        skipped.push(command);
        continue;
      }
      assert.match(
        command,
        /^(kubectl|helm) /,
        `${section}: a step this test does not know how to follow: ${command}`,
      );
      try {
        await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', command], { cwd: dir, env });
      } catch (error) {
        const e = error as { stderr?: string };
        assert.fail(`${section}: \`${command}\` failed: ${e.stderr ?? String(error)}`);
      }
      ran.push(command);

      // After the first install (section 4), before it is uninstalled: what the doc promised is there.
      if (
        !installed &&
        command.startsWith('helm install countersign charts/countersign -n countersign -f my-values.yaml')
      ) {
        installed = true;
        const get = async (kind: string, name: string) =>
          JSON.parse(await kubectl(['get', kind, name, '-n', 'countersign', '-o', 'json'])) as {
            spec: { template: { spec: { serviceAccountName: string; containers: { image: string }[] } } };
            data: Record<string, string>;
          };
        const serve = await get('deployment', 'countersign-serve');
        assert.equal(serve.spec.template.spec.serviceAccountName, 'countersign-serve');
        assert.equal(serve.spec.template.spec.containers[0]?.image, 'registry.example.com/countersign:0.1.0');
        const policy = await get('configmap', 'countersign-policy');
        assert.equal(policy.data['policy.yaml'], readFileSync(join(dir, 'policy.yaml'), 'utf8'));
        const settings = await get('configmap', 'countersign-config');
        assert.equal(settings.data.PUBLIC_BASE_URL, 'https://countersign.example.com');
        assert.equal(settings.data.REDIS_URL, 'rediss://redis.internal.example.com:6380');
        const secret = await get('secret', 'countersign');
        assert.ok(secret.data.SESSION_SECRET, 'the Secret of section 2');
        const pss = JSON.parse(await kubectl(['get', 'namespace', 'countersign', '-o', 'json'])) as {
          metadata: { labels: Record<string, string> };
        };
        assert.equal(pss.metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
      }
    }
    assert.ok(installed, 'section 4 installs the chart');
    assert.deepEqual(
      skipped.map((c) => c.split(' ').slice(0, 4).join(' ')),
      [
        'kubectl -n countersign rollout',
        'kubectl -n countersign port-forward',
        'kubectl -n countersign rollout',
        'kubectl -n countersign port-forward',
      ],
    );
    assert.ok(ran.length >= 8, ran.join('\n'));

    // The last section followed is the dev install: its Redis, dev users and sandbox policy.
    const redis = await kubectl([
      'get',
      'statefulset',
      'countersign-redis',
      '-n',
      'countersign',
      '-o',
      'name',
    ]);
    assert.equal(redis.trim(), 'statefulset.apps/countersign-redis');
    const dev = JSON.parse(
      await kubectl(['get', 'configmap', 'countersign-config', '-n', 'countersign', '-o', 'json']),
    ) as { data: Record<string, string> };
    assert.equal(dev.data.COUNTERSIGN_DEV_USERS, 'alice=developers,bob=sre,carol=sre,dave=security');
    assert.equal(dev.data.HTTP_HOST, '127.0.0.1');
  });
});
