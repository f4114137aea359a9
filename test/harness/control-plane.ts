import { generateKeyPair } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CountersignError } from '../../src/core/errors.ts';
import { findControlPlaneBinaries, type ControlPlaneBinaries } from './control-plane-binaries.ts';
import { planControlPlane, type ControlPlanePlan } from './control-plane-plan.ts';
import {
  CONTROL_PLANE_USER_NAMES,
  generateTokens,
  tokenAuthFile,
  type ControlPlaneUser,
} from './control-plane-users.ts';
import { registerExitCleanup } from './exit-cleanup.ts';
import { freePorts } from './free-port.ts';
import { buildKubeconfig } from './kubeconfig.ts';
import { ManagedProcess } from './managed-process.ts';
import { runKubectl } from './run-kubectl.ts';
import { applySeed } from './seed.ts';
import { waitForHttp200 } from './wait-for-http.ts';

/** Binds the chart's `countersign-proxy` ClusterRole (manifests/base/rbac.yaml) to the worker's ServiceAccount. */
const START_PROXY_BINDING = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'countersign-proxy-in-start' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'countersign-proxy' },
  subjects: [{ kind: 'ServiceAccount', name: 'countersign', namespace: 'countersign' }],
};

/** Countersign's own RBAC, applied to every test control plane as it would be deployed. */
export const RBAC_MANIFEST = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../manifests/base/rbac.yaml',
);

const START_ATTEMPTS = 3;

/** What to start besides etcd and kube-apiserver. */
export interface ControlPlaneOptions {
  /** Also run kube-controller-manager, so Deployments get ReplicaSets and Pods (which stay Pending). */
  readonly controllerManager?: boolean;
  /** Create the objects of test/harness/seed.yaml (before the controller manager starts). */
  readonly seed?: boolean;
  /** Longest wait for each component to become ready; default 60 s. */
  readonly timeoutMs?: number;
}

/**
 * A running etcd + kube-apiserver (+ kube-controller-manager) with RBAC on, the users
 * of {@link ControlPlaneUser} authenticated by token, and manifests/base/rbac.yaml
 * applied. Nothing survives `stop()`.
 */
export interface ControlPlane {
  /** Kubeconfig with one context per user, named after the user; current-context `admin`. */
  readonly kubeconfigPath: string;
  /** `https://127.0.0.1:<port>`. */
  readonly server: string;
  /** Base64 of the PEM bundle that signs the serving certificate (kubeconfig `certificate-authority-data`). */
  readonly caData: string;
  readonly tokens: Readonly<Record<ControlPlaneUser, string>>;
  /** Process IDs of every program started, for tests that prove `stop()` ends them. */
  readonly pids: readonly number[];
  readonly binaries: ControlPlaneBinaries;
  /** Path of a kubeconfig whose only context (and current-context) is `user`. */
  kubeconfigFor(user: ControlPlaneUser): string;
  /** Runs kubectl as `user` (default admin), with `input` on stdin; resolves with stdout, rejects with KubectlError. */
  kubectl(args: readonly string[], user?: ControlPlaneUser, input?: string): Promise<string>;
  /** Ends every process (SIGTERM, then SIGKILL after 2 s) and removes the work folder. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops kube-apiserver alone (SIGTERM), keeping etcd and its data: an API outage for clients. */
  stopApiServer(): Promise<void>;
  /**
   * Starts kube-apiserver again after `stopApiServer`, same port and certificate;
   * resolves once /readyz answers. Until then clients that connect may get 403s: the
   * server serves before its RBAC authorizer has loaded every binding.
   */
  startApiServer(): Promise<void>;
}

async function writeCredentials(plan: ControlPlanePlan, tokens: Record<ControlPlaneUser, string>) {
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  writeFileSync(plan.serviceAccountKey, privateKey, { mode: 0o600 });
  writeFileSync(plan.serviceAccountPublicKey, publicKey);
  writeFileSync(plan.tokenFile, tokenAuthFile(tokens), { mode: 0o600 });
}

function writeKubeconfigs(plan: ControlPlanePlan, caData: string, tokens: Record<ControlPlaneUser, string>) {
  const base = { server: plan.server, caData };
  writeFileSync(plan.kubeconfigPath, buildKubeconfig({ ...base, tokens, currentContext: 'admin' }), {
    mode: 0o600,
  });
  for (const user of CONTROL_PLANE_USER_NAMES) {
    const only = { [user]: tokens[user] };
    writeFileSync(
      plan.kubeconfigPathFor(user),
      buildKubeconfig({ ...base, tokens: only, currentContext: user }),
      {
        mode: 0o600,
      },
    );
  }
}

function startFailure(cause: unknown, processes: readonly ManagedProcess[]): CountersignError {
  const logs = processes.map(
    (p) => `--- ${p.name} (${p.exitDescription ?? 'running'}), last lines of its log ---\n${p.tail()}`,
  );
  const message = cause instanceof Error ? cause.message : String(cause);
  return new CountersignError('control_plane_start_failed', [message, ...logs].join('\n'), { cause });
}

async function startOnce(
  binaries: ControlPlaneBinaries,
  options: ControlPlaneOptions,
): Promise<ControlPlane> {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-cp-'));
  const [etcdClient = 0, etcdPeer = 0, apiserver = 0] = await freePorts(3);
  const plan = planControlPlane(dir, { etcdClient, etcdPeer, apiserver });
  const timeoutMs = options.timeoutMs ?? 60_000;
  const processes: ManagedProcess[] = [];
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  const unregister = registerExitCleanup(() => {
    processes.forEach((p) => p.killNow());
    removeDir();
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      // etcd last: the API server's shutdown stalls when its store goes away first.
      const [etcd, ...rest] = processes;
      await Promise.all(rest.map((p) => p.stop()));
      await etcd?.stop();
      removeDir();
      unregister();
    })());
  const launch = async (
    name: string,
    binary: string,
    args: readonly string[],
    url: string,
    token?: string,
  ) => {
    const child = ManagedProcess.start(name, binary, args, join(dir, `${name}.log`));
    const replaced = processes.findIndex((p) => p.name === name);
    if (replaced >= 0) processes[replaced] = child;
    else processes.push(child);
    const gaveUp = () => child.exitDescription && `${name} ${child.exitDescription}`;
    await waitForHttp200(url, { timeoutMs, token, gaveUp });
  };

  try {
    const tokens = generateTokens();
    await writeCredentials(plan, tokens);
    await launch('etcd', binaries.etcd, plan.etcdArgs, plan.etcdHealthUrl);
    const launchApiServer = () =>
      launch(
        'kube-apiserver',
        binaries.kubeApiserver,
        plan.apiserverArgs,
        `${plan.server}/readyz`,
        tokens.admin,
      );
    await launchApiServer();
    const caData = readFileSync(join(plan.certDir, 'apiserver.crt')).toString('base64');
    writeKubeconfigs(plan, caData, tokens);
    const kubectl = (args: readonly string[], user: ControlPlaneUser = 'admin', input?: string) =>
      runKubectl(binaries.kubectl, ['--kubeconfig', plan.kubeconfigPath, '--context', user, ...args], input);
    await kubectl(['apply', '-f', RBAC_MANIFEST]);
    // The tests run the kubectl proxy as the worker's identity (as `countersign start` with
    // PROXY_TLS_* does); the chart binds the proxy's ClusterRole to a ServiceAccount of its own.
    await kubectl(['apply', '-f', '-'], 'admin', JSON.stringify(START_PROXY_BINDING));
    if (options.seed) await applySeed((args, input) => kubectl(args, 'admin', input));
    if (options.controllerManager) {
      if (!binaries.kubeControllerManager) {
        throw new CountersignError(
          'control_plane_binaries_missing',
          'kube-controller-manager was not resolved',
        );
      }
      // The service-account controller creating `default` shows the controllers run.
      const probe = `${plan.server}/api/v1/namespaces/default/serviceaccounts/default`;
      await launch(
        'kube-controller-manager',
        binaries.kubeControllerManager,
        plan.controllerManagerArgs,
        probe,
        tokens.admin,
      );
    }
    return {
      kubeconfigPath: plan.kubeconfigPath,
      server: plan.server,
      caData,
      tokens,
      pids: processes.map((p) => p.pid),
      binaries,
      kubeconfigFor: (user) => plan.kubeconfigPathFor(user),
      kubectl,
      stop,
      stopApiServer: async () => {
        await processes.find((p) => p.name === 'kube-apiserver')?.stop();
      },
      startApiServer: async () => {
        const running = processes.find((p) => p.name === 'kube-apiserver');
        if (running && running.exitDescription === undefined) return;
        await launchApiServer();
      },
    };
  } catch (error) {
    const failure = startFailure(error, processes);
    await stop();
    throw failure;
  }
}

/**
 * Starts a throwaway Kubernetes control plane on free loopback ports, building the
 * binaries first if none are found (see findControlPlaneBinaries). Retries when a
 * port was taken between choosing and binding it. Start it once per test file: it
 * takes seconds and a few hundred MB.
 */
export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const binaries = await findControlPlaneBinaries({ controllerManager: options.controllerManager === true });
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binaries, options);
    } catch (error) {
      const portTaken = error instanceof Error && /address already in use/i.test(error.message);
      if (!portTaken || attempt >= START_ATTEMPTS) throw error;
    }
  }
}
