import * as oidc from 'openid-client';
import type { OidcConfig } from '../../config/config.ts';

/**
 * The issuer's OpenID configuration for this client, as step-up and console sign-in
 * both use it: discovered on first use, shared by later calls, and discovered again
 * after a failed discovery (the provider may be down when the process starts). Plain
 * http is accepted only for a loopback issuer, as config already enforces.
 */
export function lazyDiscovery(
  config: Pick<OidcConfig, 'issuerUrl' | 'clientId' | 'clientSecret'>,
): () => Promise<oidc.Configuration> {
  let discovered: Promise<oidc.Configuration> | undefined;
  const insecure = config.issuerUrl.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {};
  return () =>
    (discovered ??= oidc
      .discovery(new URL(config.issuerUrl), config.clientId, config.clientSecret, undefined, insecure)
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      }));
}
