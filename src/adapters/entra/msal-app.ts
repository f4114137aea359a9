import { X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import type { TeamsConfig } from '../../config/config.ts';
import { CountersignError } from '../../core/errors.ts';

/** The tenant Bot Framework tokens come from when the bot is multi-tenant. */
export const BOT_FRAMEWORK_TENANT = 'botframework.com';

/** Extra trust for the login endpoint, for private clouds and tests (production uses the system's CAs). */
export interface LoginTls {
  /** PEM certificates of the CAs that sign the login endpoint's certificate. */
  readonly ca?: string;
}

/**
 * The Entra client the bot gets its own tokens from (for the Bot Connector and for
 * Microsoft Graph): a client secret or a certificate (SHA-256 thumbprint and x5c from
 * the configured PEM), against `<loginUrl>/<tenant>`, which is trusted as a known
 * authority so no instance discovery leaves for Microsoft's cloud. Undefined for a
 * managed identity, whose tokens come from the Azure instance instead.
 */
export function createMsalApp(
  config: TeamsConfig,
  tls: LoginTls = {},
): ConfidentialClientApplication | undefined {
  if (config.appType === 'UserAssignedMSI') return undefined;
  const tenant = config.tenantId ?? BOT_FRAMEWORK_TENANT;
  const auth: Configuration['auth'] = {
    clientId: config.appId,
    authority: `${config.endpoints.loginUrl}/${tenant}`,
    knownAuthorities: [new URL(config.endpoints.loginUrl).host],
    ...(config.certificate
      ? { clientCertificate: certificateCredential(config.certificate) }
      : { clientSecret: config.appPassword ?? '' }),
  };
  return new ConfidentialClientApplication({
    auth,
    ...(tls.ca ? { system: { customAgentOptions: { ca: tls.ca } } } : {}),
  });
}

function certificateCredential(pem: string): NonNullable<Configuration['auth']['clientCertificate']> {
  const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const privateKey = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]+?-----END \1PRIVATE KEY-----/.exec(pem)?.[0];
  if (!certificate || !privateKey) {
    throw new CountersignError(
      'teams_certificate_invalid',
      'TEAMS_CERTIFICATE must hold a certificate and its private key',
    );
  }
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(certificate);
  } catch (error) {
    throw new CountersignError(
      'teams_certificate_invalid',
      'TEAMS_CERTIFICATE holds no readable certificate',
      {
        cause: error,
      },
    );
  }
  return {
    thumbprintSha256: parsed.fingerprint256.replace(/:/g, ''),
    privateKey,
    x5c: certificate,
  };
}
