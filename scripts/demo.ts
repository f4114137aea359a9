// `npm run demo`: Countersign on this machine with nothing else configured — a private
// sandbox control plane (test/harness, seeded), a private redis-server, and
// `countersign start` with the web console in dev-users mode on loopback, running
// examples/sandbox-policy.yaml. Ctrl-C stops everything and removes what it created.
import { createLogger } from '../src/adapters/log/logger.ts';
import { runProcess, type RunningProcess } from '../src/app/run-process.ts';
import { loadConfig } from '../src/config/load.ts';
import { ConfigInvalidError } from '../src/core/errors.ts';
import { startControlPlane, type ControlPlane } from '../test/harness/control-plane.ts';
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
  const parts: { cp?: ControlPlane; redis?: RedisServer; app?: RunningProcess } = {};
  let stopping = false;
  const stop = async (code: number): Promise<never> => {
    stopping = true;
    await parts.app?.stop().catch(() => undefined);
    await parts.redis?.stop().catch(() => undefined);
    await parts.cp?.stop().catch(() => undefined);
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
  const port = process.env.HTTP_PORT ?? '8080';
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
  parts.app = await runProcess(config, { serve: true, worker: true }, createLogger(config));
  say('');
  say(`Countersign is running: open http://127.0.0.1:${port}`);
  say('  sign in as alice (developer) to file a request, as bob or carol (SRE leads) to approve it,');
  say(
    '  or as dave (security). Try: scale deployment/api --replicas 5 -n prod-payments --reason "INC-4312 load"',
  );
  say(`  kubectl: ${parts.cp.binaries.kubectl} --kubeconfig ${parts.cp.kubeconfigPath} get deploy -A`);
  say('  Ctrl-C stops Countersign, Redis and the sandbox cluster.');
}

main().catch((error: unknown) => {
  say(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
