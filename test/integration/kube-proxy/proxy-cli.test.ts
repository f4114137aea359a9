import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { RedisRequestStore } from '../../../src/adapters/store/redis-request-store.ts';
import { createRedis } from '../../../src/adapters/store/create-redis.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { COUNTERSIGN_FROM_SOURCE } from '../../harness/countersign-cli.ts';
import { registerExitCleanup } from '../../harness/exit-cleanup.ts';
import { freePorts } from '../../harness/free-port.ts';
import { makeLocalCa, type LocalCa } from '../../harness/local-ca.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { KubectlError, runKubectl } from '../../harness/run-kubectl.ts';

const NS = 'prod-payments';
const KEY_PREFIX = 'proxycli';

const POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: proxy-cli-test }
spec:
  approverGroups:
    sre: { users: [bob, carol] }
  rules:
    - name: kubectl-deletes-in-prod
      match: { origins: [kubectl], namespaces: ['prod-*'], verbs: [delete] }
      outcome: require-approval
      approval: { approverGroups: [sre], minApprovals: 1 }
`;

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A real `countersign proxy` child, its JSON log lines, and how it ended. */
interface ProxyProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

describe('countersign proxy and countersign kubeconfig (real processes, real kubectl, real API server)', () => {
  let cp: ControlPlane;
  let redis: RedisServer;
  let dir: string;
  let ca: LocalCa;
  let env: NodeJS.ProcessEnv;
  let proxy: ProxyProcess;

  const cli = (args: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [...COUNTERSIGN_FROM_SOURCE, ...args],
        { env: { ...env, ...extra } },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  const startProxy = async (): Promise<ProxyProcess> => {
    const [proxyPort, httpPort] = await freePorts(2);
    const child = spawn(process.execPath, [...COUNTERSIGN_FROM_SOURCE, 'proxy'], {
      env: { ...env, PROXY_PORT: String(proxyPort), HTTP_PORT: String(httpPort), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const unregister = registerExitCleanup(() => child.kill('SIGKILL'));
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => {
        unregister();
        resolve({ code, signal });
      }),
    );
    const listening = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg?.startsWith('kubectl proxy is listening') && entry.url) resolve(entry.url);
        } catch {
          // not a log line
        }
      });
      void exited.then((how) =>
        reject(new Error(`countersign proxy exited (${how.code ?? how.signal}): ${stderr}`)),
      );
    });
    return { child, url: await listening, exited };
  };

  before(async () => {
    [cp, redis] = await Promise.all([startControlPlane({ seed: true }), startRedis()]);
    await cp.kubectl(['create', 'role', 'pod-admin', '-n', NS, '--verb=get,list,delete', '--resource=pods']);
    await cp.kubectl(['create', 'rolebinding', 'alice-pods', '-n', NS, '--role=pod-admin', '--user=alice']);
    dir = mkdtempSync(join(tmpdir(), 'countersign-proxy-cli-'));
    ca = makeLocalCa(join(dir, 'ca'));
    writeFileSync(join(dir, 'policy.yaml'), POLICY);
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      KUBECONFIG: cp.kubeconfigPath,
      COUNTERSIGN_CLUSTERS: 'test=countersign',
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: KEY_PREFIX,
      COUNTERSIGN_POLICY_FILE: join(dir, 'policy.yaml'),
      PROXY_HOST: '127.0.0.1',
      PROXY_TLS_CERT_PATH: ca.certPath,
      PROXY_TLS_KEY_PATH: ca.keyPath,
    };
    proxy = await startProxy();
  });
  after(async () => {
    if (proxy && proxy.child.exitCode === null) {
      proxy.child.kill('SIGTERM');
      await proxy.exited;
    }
    await Promise.all([cp?.stop(), redis?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const printedKubeconfig = async (user: 'alice' | 'bob'): Promise<string> => {
    const printed = await cli([
      'kubeconfig',
      '--cluster',
      'test',
      '--proxy-url',
      proxy.url,
      '--certificate-authority',
      ca.caPath,
      '--kubeconfig',
      cp.kubeconfigFor(user),
    ]);
    assert.equal(printed.code, 0, printed.stderr);
    const path = join(dir, `${user}-proxy.yaml`);
    writeFileSync(path, printed.stdout, { mode: 0o600 });
    return path;
  };

  test('kubectl with the printed kubeconfig reaches the cluster through the proxy, as the user (own token, proxy CA)', async () => {
    const kubeconfig = await printedKubeconfig('alice');
    const names = await runKubectl(cp.binaries.kubectl, [
      '--kubeconfig',
      kubeconfig,
      'get',
      'pods',
      '-n',
      NS,
      '-o',
      'name',
    ]);
    assert.match(names, /pod\/debug-shell/);
    const who = JSON.parse(
      await runKubectl(cp.binaries.kubectl, ['--kubeconfig', kubeconfig, 'auth', 'whoami', '-o', 'json']),
    ) as { status: { userInfo: { username: string } } };
    assert.equal(who.status.userInfo.username, 'alice');
    const server = await runKubectl(cp.binaries.kubectl, [
      '--kubeconfig',
      kubeconfig,
      'config',
      'view',
      '--minify',
      '-o',
      'jsonpath={.clusters[0].cluster.server}',
    ]);
    assert.equal(server, `${proxy.url}/clusters/test`);
    // bob's own RBAC still applies through the proxy.
    await assert.rejects(
      runKubectl(cp.binaries.kubectl, [
        '--kubeconfig',
        await printedKubeconfig('bob'),
        'get',
        'pods',
        '-n',
        NS,
      ]),
      (error: unknown) => error instanceof KubectlError && /User "bob" cannot list/.test(error.stderr),
    );
  });

  test('countersign kubeconfig names what is wrong: an unknown cluster, a client-certificate context, a missing file', async () => {
    const unknown = await cli(['kubeconfig', '--cluster', 'prod', '--kubeconfig', cp.kubeconfigFor('alice')]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no cluster named "prod"; the proxy serves test/);
    assert.equal(unknown.stdout, '');

    const certOnly = join(dir, 'cert-user.yaml');
    writeFileSync(
      certOnly,
      `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'https://127.0.0.1:6443' } }]
users: [{ name: me, user: { client-certificate-data: QQ==, client-key-data: QQ== } }]
contexts: [{ name: mine, context: { cluster: c, user: me } }]
current-context: mine
`,
    );
    const cert = await cli(['kubeconfig', '--kubeconfig', certOnly, '--cluster', 'test']);
    assert.equal(cert.code, 2);
    assert.match(cert.stderr, /context "mine" signs in with a client certificate/);
    assert.match(cert.stderr, /token or an exec credential plugin/);

    const missing = await cli(['kubeconfig', '--kubeconfig', join(dir, 'nope.yaml'), '--cluster', 'test']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the kubeconfig .*nope\.yaml \(ENOENT\)/);
  });

  test('countersign proxy without TLS settings refuses to start, naming the setting', async () => {
    const started = await cli(['proxy'], { PROXY_TLS_CERT_PATH: '', PROXY_TLS_KEY_PATH: '' });
    assert.equal(started.code, 2);
    assert.match(started.stderr, /PROXY_TLS_CERT_PATH: required to run the kubectl proxy/);
  });

  test('SIGTERM while a request is held: kubectl is told to re-run, the request stays pending, nothing ran', async () => {
    const kubeconfig = await printedKubeconfig('alice');
    const kubectl = runKubectl(cp.binaries.kubectl, [
      '--kubeconfig',
      kubeconfig,
      'delete',
      'pod',
      'web-7f9c',
      '-n',
      NS,
    ]);
    const connection = createRedis({ url: redis.url, keyPrefix: KEY_PREFIX });
    const store = new RedisRequestStore(connection, { keyPrefix: KEY_PREFIX });
    try {
      let pending: RequestRecord | undefined;
      while (!pending) {
        pending = (await store.listOpenByRequester('alice')).find((r) => r.state === 'pending');
        if (!pending) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      proxy.child.kill('SIGTERM');
      const error = await kubectl.then(
        () => assert.fail('kubectl delete succeeded while unapproved'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof KubectlError);
      assert.match(
        error.stderr,
        new RegExp(
          `Error from server \\(Forbidden\\): countersign: still waiting for approval of request ${pending.id} — re-run the same command within 15 minutes after approval`,
        ),
      );
      assert.equal((await proxy.exited).code, 0);
      assert.equal((await store.get(pending.id))?.state, 'pending');
      assert.equal(
        (await cp.kubectl(['get', 'pod', 'web-7f9c', '-n', NS, '-o', 'name'])).trim(),
        'pod/web-7f9c',
      );
    } finally {
      connection.disconnect();
    }
  });
});
