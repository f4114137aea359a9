// `npm run demo`: Countersign on this machine with nothing else configured — a private
// sandbox control plane (test/harness, seeded), a private redis-server, and
// `countersign start` with the web console in dev-users mode on loopback and the kubectl
// proxy (TLS from a CA the demo makes), running examples/sandbox-policy.yaml. It prints
// the kubeconfig line that sends alice's kubectl through the proxy. Ctrl-C stops
// everything and removes what it created.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proxyKubeconfig } from '../src/adapters/kube-proxy/proxy-kubeconfig.ts';
import { createLogger } from '../src/adapters/log/logger.ts';
import { runProcess, type RunningProcess } from '../src/app/run-process.ts';
import { loadConfig } from '../src/config/load.ts';
import { ConfigInvalidError } from '../src/core/errors.ts';
import { startControlPlane, type ControlPlane } from '../test/harness/control-plane.ts';
import { makeLocalCa } from '../test/harness/local-ca.ts';
import { startRedis, type RedisServer } from '../test/harness/redis-server.ts';
import { checkDemoPrerequisites } from './demo-prerequisites.ts';

const say = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const prerequisites = checkDemoPrerequisites();
  if (prerequisites.missing.length > 0) {
    say('demo: cannot start, this machine is missing:');
    for (const line of prerequisites.missing) say(`  - ${line}`);
    process.exit(1);
  }
  for (const line of prerequisites.notes) say(`demo: ${line}`);
  const parts: { cp?: ControlPlane; redis?: RedisServer; app?: RunningProcess; dir?: string } = {};
  let stopping = false;
  const stop = async (code: number): Promise<never> => {
    stopping = true;
    await parts.app?.stop().catch(() => undefined);
    await parts.redis?.stop().catch(() => undefined);
    await parts.cp?.stop().catch(() => undefined);
    if (parts.dir) rmSync(parts.dir, { recursive: true, force: true });
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      say(`demo: ${signal}, stopping`);
      void stop(0);
    });
  }

  say('demo: starting the sandbox control plane...');
  parts.cp = await startControlPlane({ controllerManager: true, seed: true });
  say('demo: starting a private redis-server...');
  parts.redis = await startRedis();
  // alice may delete pods in prod-payments (RBAC); policy still wants two SRE leads.
  await parts.cp.kubectl([
    'create',
    'role',
    'pod-admin',
    '-n',
    'prod-payments',
    '--verb=get,list,watch,delete',
    '--resource=pods',
  ]);
  await parts.cp.kubectl([
    'create',
    'rolebinding',
    'alice-pods',
    '-n',
    'prod-payments',
    '--role=pod-admin',
    '--user=alice',
  ]);
  parts.dir = mkdtempSync(join(tmpdir(), 'countersign-demo-'));
  const ca = makeLocalCa(join(parts.dir, 'proxy-ca'));
  const port = process.env.HTTP_PORT ?? '8080';
  const proxyPort = process.env.PROXY_PORT ?? '8443';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KUBECONFIG: parts.cp.kubeconfigPath,
    // Countersign runs with its own least-privilege identity, not the sandbox admin.
    COUNTERSIGN_CLUSTERS: 'sandbox=countersign',
    COUNTERSIGN_DEFAULT_CLUSTER: 'sandbox',
    REDIS_URL: parts.redis.url,
    COUNTERSIGN_POLICY_FILE: process.env.COUNTERSIGN_POLICY_FILE ?? 'examples/sandbox-policy.yaml',
    COUNTERSIGN_DEV_USERS: 'alice=developers,bob=sre,carol=sre,dave=security',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: port,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    PROXY_HOST: '127.0.0.1',
    PROXY_PORT: proxyPort,
    PROXY_TLS_CERT_PATH: ca.certPath,
    PROXY_TLS_KEY_PATH: ca.keyPath,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigInvalidError)
      for (const issue of error.issues) say(`demo: ${issue.variable}: ${issue.message}`);
    else say(`demo: ${String(error)}`);
    return stop(2);
  }
  parts.app = await runProcess(config, { serve: true, worker: true, proxy: true }, createLogger(config));
  const aliceKubeconfig = join(parts.dir, 'alice-through-countersign.yaml');
  writeFileSync(
    aliceKubeconfig,
    proxyKubeconfig({
      proxyUrl: parts.app.proxyUrl ?? config.proxy.publicUrl,
      cluster: 'sandbox',
      caData: Buffer.from(ca.caPem).toString('base64'),
      user: { name: 'alice', user: { token: parts.cp.tokens.alice } },
    }),
    { mode: 0o600 },
  );
  say('');
  say(`Countersign is running: open http://127.0.0.1:${port}`);
  say('  sign in as alice (developer) to file a request, as bob or carol (SRE leads) to approve it,');
  say(
    '  or as dave (security). Try: scale deployment/api --replicas 5 -n prod-payments --reason "INC-4312 load"',
  );
  say(`  kubectl: ${parts.cp.binaries.kubectl} --kubeconfig ${parts.cp.kubeconfigPath} get deploy -A`);
  say(
    '  From your terminal, as alice, through the kubectl proxy (it waits for bob and carol in the console):',
  );
  say(`  KUBECONFIG=${aliceKubeconfig} ${parts.cp.binaries.kubectl} delete pod web-7f9c -n prod-payments`);
  say('  the same kubeconfig for any sandbox user, from your own credentials:');
  say(
    `  COUNTERSIGN_CLUSTERS=sandbox npm run --silent dev -- kubeconfig --proxy-url ${parts.app.proxyUrl ?? config.proxy.publicUrl} --certificate-authority ${ca.caPath} --kubeconfig ${parts.cp.kubeconfigFor('alice')}`,
  );
  say('  Ctrl-C stops Countersign, Redis and the sandbox cluster.');
}

main().catch((error: unknown) => {
  say(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
