import type { ConfidentialClientApplication } from '@azure/msal-node';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  AuthenticationConstants,
  JwtTokenProviderFactory,
  ManagedIdentityServiceClientCredentialsFactory,
  MsalServiceClientCredentialsFactory,
  type BotFrameworkAuthentication,
} from 'botframework-connector';
import type { TeamsConfig } from '../../../config/config.ts';
import { BOT_FRAMEWORK_TENANT } from '../../entra/msal-app.ts';

/** `callerId` the Bot Framework stamps on activities from Azure's public cloud channels. */
const PUBLIC_AZURE_CALLER_ID = 'urn:botframework:azure';

/**
 * How the adapter checks callers of `/api/messages` and gets tokens for its own calls,
 * from the configured endpoints rather than the SDK's public-cloud constants: a channel
 * JWT must verify against `openIdMetadataUrl`'s keys with `iss` = `tokenIssuer`, `aud` =
 * the app ID and `serviceurl` = the activity's; outbound tokens are for `oauthScope` from
 * the Entra client (else a managed identity).
 */
export function createBotAuthentication(
  config: TeamsConfig,
  msal: ConfidentialClientApplication | undefined,
): BotFrameworkAuthentication {
  const { endpoints } = config;
  const custom = endpoints.openIdMetadataUrl !== AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;
  // The connector is typed against MSAL's CommonJS build and Countersign loads the ESM one;
  // the factory only calls acquireTokenByClientCredential, which both have.
  type ClientApp = ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1];
  const credentials = msal
    ? new MsalServiceClientCredentialsFactory(config.appId, msal as unknown as ClientApp)
    : new ManagedIdentityServiceClientCredentialsFactory(config.appId, new JwtTokenProviderFactory());
  return new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: config.appId,
      MicrosoftAppTenantId: config.tenantId ?? '',
      ValidateAuthority: true,
      ToChannelFromBotLoginUrl: `${endpoints.loginUrl}/${config.tenantId ?? BOT_FRAMEWORK_TENANT}`,
      ToChannelFromBotOAuthScope: endpoints.oauthScope,
      ToBotFromChannelTokenIssuer: endpoints.tokenIssuer,
      ToBotFromChannelOpenIdMetadataUrl: endpoints.openIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: custom
        ? endpoints.openIdMetadataUrl
        : AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      CallerId: PUBLIC_AZURE_CALLER_ID,
    },
    credentials,
  );
}
