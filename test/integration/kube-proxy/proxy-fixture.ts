import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { ClusterRegistry } from '../../../src/adapters/kubernetes/cluster-registry.ts';
import { startKubeProxy, type RunningKubeProxy } from '../../../src/adapters/kube-proxy/kube-proxy-server.ts';
import { proxyKubeconfig } from '../../../src/adapters/kube-proxy/proxy-kubeconfig.ts';
import type { ProxyGate } from '../../../src/adapters/kube-proxy/proxy-gate.ts';
import type { ControlPlane } from '../../harness/control-plane.ts';
import type { ControlPlaneUser } from '../../harness/control-plane-users.ts';
import { runKubectl } from '../../harness/run-kubectl.ts';
import { selfSignedCert } from '../../harness/self-signed-cert.ts';

/** The cluster name the proxy tests configure. */
export const PROXY_CLUSTER = 'test';

/** A running proxy in front of a control plane, and kubectl through it as any user. */
export interface ProxyFixture {
  readonly proxy: RunningKubeProxy;
  readonly caData: string;
  /** Path of a kubeconfig that reaches the proxy as `user` with that user's token. */
  kubeconfig(user: ControlPlaneUser): string;
  /** Runs the real kubectl through the proxy as `user`. */
  kubectl(user: ControlPlaneUser, args: readonly string[], input?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the proxy on a free port with a fresh self-signed certificate, as Countersign's
 * ServiceAccount; `now` is the clock of its TokenReview cache (default `Date.now`).
 */
export async function startProxyFixture(
  cp: ControlPlane,
  gate: ProxyGate,
  now?: () => number,
): Promise<ProxyFixture> {
  const registry = ClusterRegistry.load({
    kubeconfig: cp.kubeconfigFor('countersign'),
    clusters: [{ name: PROXY_CLUSTER, context: 'countersign' }],
  });
  const connection = registry.get(PROXY_CLUSTER);
  const tls = selfSignedCert();
  const proxy = await startKubeProxy({
    host: '127.0.0.1',
    port: 0,
    tls,
    clusters: [
      { name: PROXY_CLUSTER, server: connection.server, httpsOptions: () => connection.httpsOptions() },
    ],
    gate,
    logger: pino({ level: 'silent' }),
    ...(now ? { now } : {}),
  });
  const caData = Buffer.from(tls.cert).toString('base64');
  const dir = mkdtempSync(join(tmpdir(), 'countersign-proxy-'));
  const kubeconfig = (user: ControlPlaneUser): string => {
    const path = join(dir, `${user}.yaml`);
    writeFileSync(
      path,
      proxyKubeconfig({
        proxyUrl: proxy.url,
        cluster: PROXY_CLUSTER,
        caData,
        user: { name: user, user: { token: cp.tokens[user] } },
      }),
      { mode: 0o600 },
    );
    return path;
  };
  return {
    proxy,
    caData,
    kubeconfig,
    kubectl: (user, args, input) =>
      runKubectl(cp.binaries.kubectl, ['--kubeconfig', kubeconfig(user), ...args], input),
    stop: () => proxy.close(),
  };
}
