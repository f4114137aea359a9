import { join } from 'node:path';

/** Files, URLs and command lines of one control plane, all under one work folder. */
export interface ControlPlanePlan {
  readonly dir: string;
  readonly server: string;
  readonly etcdHealthUrl: string;
  readonly certDir: string;
  readonly tokenFile: string;
  readonly serviceAccountKey: string;
  readonly serviceAccountPublicKey: string;
  /** Every user's context, current-context admin. */
  readonly kubeconfigPath: string;
  /** A kubeconfig whose only context is `user`. */
  readonly kubeconfigPathFor: (user: string) => string;
  readonly etcdArgs: readonly string[];
  readonly apiserverArgs: readonly string[];
  readonly controllerManagerArgs: readonly string[];
}

/** Loopback ports the plan binds. */
export interface ControlPlanePorts {
  readonly etcdClient: number;
  readonly etcdPeer: number;
  readonly apiserver: number;
}

/**
 * Lays out a throwaway control plane in `dir`: etcd without fsync, kube-apiserver with
 * RBAC only, token authentication and a self-signed serving certificate (written to
 * `certDir`), and kube-controller-manager without leader election, serving port, or
 * the node lifecycle controllers (there are no kubelets, so they would taint every
 * Node and evict its pods).
 */
export function planControlPlane(dir: string, ports: ControlPlanePorts): ControlPlanePlan {
  const etcdUrl = `http://127.0.0.1:${ports.etcdClient}`;
  const peerUrl = `http://127.0.0.1:${ports.etcdPeer}`;
  const server = `https://127.0.0.1:${ports.apiserver}`;
  const paths = {
    certDir: join(dir, 'certs'),
    tokenFile: join(dir, 'tokens.csv'),
    serviceAccountKey: join(dir, 'sa.key'),
    serviceAccountPublicKey: join(dir, 'sa.pub'),
    kubeconfigPath: join(dir, 'kubeconfig'),
  };
  const kubeconfigPathFor = (user: string): string => join(dir, `kubeconfig-${user}`);
  return {
    dir,
    server,
    etcdHealthUrl: `${etcdUrl}/health`,
    ...paths,
    kubeconfigPathFor,
    etcdArgs: [
      '--name=countersign-test',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=countersign-test=${peerUrl}`,
      '--unsafe-no-fsync',
      '--log-level=warn',
    ],
    apiserverArgs: [
      `--etcd-servers=${etcdUrl}`,
      `--cert-dir=${paths.certDir}`,
      `--secure-port=${ports.apiserver}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      '--service-cluster-ip-range=10.0.0.0/24',
      '--allow-privileged=true',
      '--authorization-mode=RBAC',
      `--token-auth-file=${paths.tokenFile}`,
      `--service-account-issuer=${server}`,
      `--service-account-key-file=${paths.serviceAccountPublicKey}`,
      `--service-account-signing-key-file=${paths.serviceAccountKey}`,
      '--disable-admission-plugins=ServiceAccount',
      '--profiling=false',
    ],
    controllerManagerArgs: [
      `--kubeconfig=${kubeconfigPathFor('admin')}`,
      '--leader-elect=false',
      '--secure-port=0',
      `--service-account-private-key-file=${paths.serviceAccountKey}`,
      '--controllers=*,-node-lifecycle-controller,-taint-eviction-controller',
      '--profiling=false',
    ],
  };
}
