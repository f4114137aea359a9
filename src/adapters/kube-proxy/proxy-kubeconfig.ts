import { stringify } from 'yaml';

/** What a kubeconfig for the proxy is made of. */
export interface ProxyKubeconfigInput {
  /** Base URL of the proxy, e.g. `https://countersign.example.com:8443`. */
  readonly proxyUrl: string;
  /** Configured cluster name; the kubeconfig's server is `<proxyUrl>/clusters/<cluster>`. */
  readonly cluster: string;
  /** Base64 PEM of the CA that signs the proxy's certificate; absent trusts the system roots. */
  readonly caData?: string;
  /** The user's own kubeconfig user entry, kept as it is (token, exec plugin, …). */
  readonly user: { readonly name: string; readonly user: Readonly<Record<string, unknown>> };
  /** Namespace of the context, if the user's context had one. */
  readonly namespace?: string;
}

/**
 * A kubeconfig (YAML) whose one context reaches `cluster` through the proxy with the
 * user's own credentials: kubectl works as before, and where policy asks, waits.
 */
export function proxyKubeconfig(input: ProxyKubeconfigInput): string {
  const name = `countersign-${input.cluster}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: {
          server: `${input.proxyUrl.replace(/\/+$/, '')}/clusters/${input.cluster}`,
          ...(input.caData ? { 'certificate-authority-data': input.caData } : {}),
        },
      },
    ],
    users: [{ name: input.user.name, user: input.user.user }],
    contexts: [
      {
        name,
        context: {
          cluster: name,
          user: input.user.name,
          ...(input.namespace ? { namespace: input.namespace } : {}),
        },
      },
    ],
    'current-context': name,
    preferences: {},
  });
}
