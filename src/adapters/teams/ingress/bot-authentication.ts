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
 * How the adapter checks who is calling `/api/messages` and gets tokens for its own
 * calls, from the configured endpoints rather than the SDK's built-in public-cloud
 * constants: the channel's JWT must verify against the keys of
 * `openIdMetadataUrl`, carry `iss` = `tokenIssuer`, `aud` = the app ID and a
 * `serviceurl` claim equal to the activity's `serviceUrl`; outbound calls carry a
 * token for `oauthScope` from the given Entra client (a managed identity when there is
 * none). Endorsements are the SDK's (the signing key must endorse the channel).
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
