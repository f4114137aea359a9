import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CountersignError } from '../../src/core/errors.ts';

/** Absolute paths of the control-plane programs the harness starts. */
export interface ControlPlaneBinaries {
  readonly kubeApiserver: string;
  readonly etcd: string;
  readonly kubectl: string;
  /** Absent unless asked for: envtest asset folders do not ship it. */
  readonly kubeControllerManager?: string;
}

type BinaryKey = keyof ControlPlaneBinaries;

const BINARIES: readonly { key: BinaryKey; file: string; env: string }[] = [
  { key: 'kubeApiserver', file: 'kube-apiserver', env: 'KUBE_APISERVER_BIN' },
  { key: 'etcd', file: 'etcd', env: 'ETCD_BIN' },
  { key: 'kubectl', file: 'kubectl', env: 'KUBECTL_BIN' },
  { key: 'kubeControllerManager', file: 'kube-controller-manager', env: 'KUBE_CONTROLLER_MANAGER_BIN' },
];

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD_SCRIPT = join(REPO_ROOT, 'scripts/build-control-plane.sh');

/**
 * The folder scripts/build-control-plane.sh fills, from the same variables it reads
 * (`COUNTERSIGN_CACHE`, `K8S_VERSION`).
 */
export function controlPlaneCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.COUNTERSIGN_CACHE ?? join(homedir(), '.cache/countersign');
  return join(root, `k8s-v${env.K8S_VERSION ?? '1.34.4'}`);
}

/** Whether `path` exists and this process may execute it. */
export function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function locate(file: string, envVar: string, env: NodeJS.ProcessEnv): string | undefined {
  const candidates = [
    env[envVar],
    env.KUBEBUILDER_ASSETS ? join(env.KUBEBUILDER_ASSETS, file) : undefined,
    join(controlPlaneCacheDir(env), file),
  ];
  return candidates.find((path): path is string => path !== undefined && path !== '' && executable(path));
}

function resolveAll(needed: readonly (typeof BINARIES)[number][], env: NodeJS.ProcessEnv) {
  const found: Partial<Record<BinaryKey, string>> = {};
  const missing: string[] = [];
  for (const { key, file, env: envVar } of needed) {
    const path = locate(file, envVar, env);
    if (path) found[key] = resolve(path);
    else missing.push(file);
  }
  return { found, missing };
}

async function build(env: NodeJS.ProcessEnv): Promise<void> {
  const path = [env.PATH, '/usr/local/go/bin'].filter(Boolean).join(delimiter);
  try {
    await promisify(execFile)(BUILD_SCRIPT, [], {
      env: { ...env, PATH: path },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (cause) {
    const stderr = (cause as { stderr?: string }).stderr ?? '';
    throw new CountersignError(
      'control_plane_build_failed',
      `${BUILD_SCRIPT} failed:\n${stderr.split('\n').slice(-30).join('\n')}`,
      { cause },
    );
  }
}

/**
 * Finds kube-apiserver, etcd, kubectl (and kube-controller-manager when asked) from,
 * per binary, its `*_BIN` variable, then `KUBEBUILDER_ASSETS`, then the build cache.
 * When any is missing it runs scripts/build-control-plane.sh once (saying so on
 * stderr; a first build takes many minutes) and looks again.
 */
export async function findControlPlaneBinaries(
  options: { controllerManager?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<ControlPlaneBinaries> {
  const env = options.env ?? process.env;
  const needed = BINARIES.filter(
    (b) => options.controllerManager === true || b.key !== 'kubeControllerManager',
  );
  let { found, missing } = resolveAll(needed, env);
  if (missing.length > 0) {
    process.stderr.write(
      `control plane: ${missing.join(', ')} not found; building with scripts/build-control-plane.sh ` +
        `into ${controlPlaneCacheDir(env)} (a first build takes 10+ minutes)\n`,
    );
    await build(env);
    ({ found, missing } = resolveAll(needed, env));
  }
  if (missing.length > 0 || !found.kubeApiserver || !found.etcd || !found.kubectl) {
    throw new CountersignError(
      'control_plane_binaries_missing',
      `control plane binaries still missing after the build: ${missing.join(', ')}`,
    );
  }
  return {
    kubeApiserver: found.kubeApiserver,
    etcd: found.etcd,
    kubectl: found.kubectl,
    ...(found.kubeControllerManager ? { kubeControllerManager: found.kubeControllerManager } : {}),
  };
}
