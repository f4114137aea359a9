import { stringify } from 'yaml';
import type { ControlPlaneUser } from './control-plane-users.ts';

/** What a kubeconfig for the test control plane is made of. */
export interface KubeconfigInput {
  readonly server: string;
  /** Base64 of the PEM bundle that signs the server's certificate. */
  readonly caData: string;
  /** Users to include, each as a context of the same name. */
  readonly tokens: Partial<Record<ControlPlaneUser, string>>;
  readonly currentContext: ControlPlaneUser;
}

/** A kubeconfig (YAML) with one token user and one context per user, all on one cluster. */
export function buildKubeconfig(input: KubeconfigInput): string {
  const users = Object.entries(input.tokens);
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'countersign-test',
        cluster: { server: input.server, 'certificate-authority-data': input.caData },
      },
    ],
    users: users.map(([name, token]) => ({ name, user: { token } })),
    contexts: users.map(([name]) => ({ name, context: { cluster: 'countersign-test', user: name } })),
    'current-context': input.currentContext,
    preferences: {},
  });
}

/**
 * A kubeconfig whose one cluster nothing listens on (`https://127.0.0.1:9`), for
 * processes that need Redis and chat but must not depend on a cluster: readiness does not
 * wait for it, and a notify job never reaches it. Its context is `countersign`.
 */
export const UNREACHABLE_CLUSTER_KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'https://127.0.0.1:9' } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: countersign, context: { cluster: c, user: u } }]
current-context: countersign
`;
