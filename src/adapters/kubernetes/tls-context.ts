import { createSecureContext, type SecureContext, type SecureContextOptions } from 'node:tls';

/** The key material of a kubeconfig's TLS settings: CA, client certificate and key. */
export type TlsMaterial = Pick<SecureContextOptions, 'ca' | 'cert' | 'key' | 'pfx' | 'passphrase'>;

/**
 * One TLS context from a cluster's key material, for every connection of a pool to
 * share: given the CA and key as plain options instead, Node parses them again into a
 * new context for each new connection (about 1 ms of CPU each). Used by the worker's
 * pool (`cluster-connection.ts`) and the kubectl proxy's upstream (`kube-proxy/upstream.ts`).
 */
export function secureContextOf({ ca, cert, key, pfx, passphrase }: TlsMaterial): SecureContext {
  return createSecureContext({
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(pfx !== undefined ? { pfx } : {}),
    ...(passphrase !== undefined ? { passphrase } : {}),
  });
}
