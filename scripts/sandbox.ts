// `npm run sandbox`: a throwaway Kubernetes control plane (etcd, kube-apiserver with
// RBAC, kube-controller-manager) seeded with test/harness/seed.yaml, until Ctrl-C.
// stdout carries exactly one line, `KUBECONFIG=<path>`; everything else goes to stderr.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type ControlPlane } from '../test/harness/control-plane.ts';
import { CONTROL_PLANE_USERS } from '../test/harness/control-plane-users.ts';

const sandboxDir = join(process.env.COUNTERSIGN_CACHE ?? join(homedir(), '.cache/countersign'), 'sandbox');
const kubeconfigPath = join(sandboxDir, 'kubeconfig');
const pidPath = join(sandboxDir, 'pid');

function runningSandbox(): number | undefined {
  try {
    const pid = Number(readFileSync(pidPath, 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

function describe(cp: ControlPlane, startedInMs: number): void {
  const kubectl = `${cp.binaries.kubectl} --kubeconfig ${kubeconfigPath}`;
  say(`sandbox: ready in ${(startedInMs / 1000).toFixed(1)} s at ${cp.server}`);
  say('sandbox: contexts (current: admin):');
  for (const [name, { username, groups }] of Object.entries(CONTROL_PLANE_USERS)) {
    say(`  ${name.padEnd(12)} user ${username}, groups ${groups.join(', ')}`);
  }
  say('sandbox: try');
  say(`  ${kubectl} get deploy,pods -A`);
  say(`  ${kubectl} --context alice get pods -n prod-payments   # Forbidden: RBAC is on`);
  say('sandbox: Ctrl-C stops it and removes everything it created.');
}

async function main(): Promise<void> {
  const other = runningSandbox();
  if (other !== undefined) {
    say(`sandbox: another sandbox (pid ${other}) owns ${kubeconfigPath}; stop it first.`);
    process.exit(1);
  }
  const running: { cp?: ControlPlane } = {};
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    say(`sandbox: ${signal}, stopping`);
    // Before start-up finishes there is nothing to stop gracefully; exiting runs the harness's exit cleanup.
    if (running.cp === undefined) process.exit(130);
    void running.cp.stop().finally(() => {
      rmSync(kubeconfigPath, { force: true });
      rmSync(pidPath, { force: true });
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  say('sandbox: starting etcd, kube-apiserver and kube-controller-manager...');
  const started = performance.now();
  const cp = await startControlPlane({ controllerManager: true, seed: true });
  running.cp = cp;
  mkdirSync(sandboxDir, { recursive: true });
  copyFileSync(cp.kubeconfigPath, kubeconfigPath);
  writeFileSync(pidPath, String(process.pid));
  process.stdout.write(`KUBECONFIG=${kubeconfigPath}\n`);
  describe(cp, performance.now() - started);
}

main().catch((error: unknown) => {
  say(`sandbox: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
