// What `npm run demo` needs on this machine beyond `npm ci`, checked before it starts
// anything, so a missing piece is named with the command that installs it.
import { delimiter, join } from 'node:path';
import { controlPlaneCacheDir, executable } from '../test/harness/control-plane-binaries.ts';

const CONTROL_PLANE = ['kube-apiserver', 'etcd', 'kubectl', 'kube-controller-manager'] as const;

/** What the demo found missing (each a sentence with the fix), and notes that are not errors. */
export interface PrerequisiteReport {
  readonly missing: string[];
  readonly notes: string[];
}

/**
 * Checks Node's version, redis-server (REDIS_SERVER_BIN or /usr/bin/redis-server) and the
 * sandbox control plane (built into the cache by scripts/build-control-plane.sh, which
 * needs Go on PATH or in `goDirs`). Every input is injectable for tests.
 */
export function checkDemoPrerequisites(
  env: NodeJS.ProcessEnv = process.env,
  nodeVersion: string = process.versions.node,
  goDirs: readonly string[] = ['/usr/local/go/bin'],
): PrerequisiteReport {
  const missing: string[] = [];
  const notes: string[] = [];
  const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    missing.push(
      `Node ${nodeVersion} is too old: Countersign needs Node 20.19 or later (https://nodejs.org/en/download).`,
    );
  }
  const redis = env.REDIS_SERVER_BIN || '/usr/bin/redis-server';
  if (!executable(redis)) {
    missing.push(
      `redis-server is missing (looked for ${redis}; REDIS_SERVER_BIN overrides): ` +
        'install it with `sudo apt-get install -y redis-server` (Debian/Ubuntu) or `brew install redis` (macOS; then set REDIS_SERVER_BIN=$(command -v redis-server)).',
    );
  }
  const cache = controlPlaneCacheDir(env);
  const unbuilt = CONTROL_PLANE.filter((file) => !executable(join(cache, file)));
  if (unbuilt.length > 0) {
    const dirs = [...(env.PATH ?? '').split(delimiter), ...goDirs].filter(Boolean);
    const go = dirs.map((dir) => join(dir, 'go')).find(executable);
    if (go) {
      notes.push(
        `the sandbox control plane (${unbuilt.join(', ')}) is not built yet in ${cache}: ` +
          'this first run builds it from Go modules with scripts/build-control-plane.sh (~10 minutes, once).',
      );
    } else {
      missing.push(
        `the sandbox control plane (${unbuilt.join(', ')}) is not built in ${cache}, and Go, which builds it, is missing: ` +
          'install Go 1.24 or later (https://go.dev/dl/, unpacked into /usr/local/go), then run `scripts/build-control-plane.sh` (~10 minutes, once) ' +
          'or `scripts/test-deps.sh`, which installs redis-server too.',
      );
    }
  }
  return { missing, notes };
}
