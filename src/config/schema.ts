import { z } from 'zod';
import { DEFAULT_RESERVED_NAMESPACES } from '../core/policy/reserved-namespaces.ts';
import type { Config, SlackConfig, TeamsConfig } from './config.ts';
import { SETTINGS, type Settings } from './settings.ts';

/**
 * The zod schema of the whole environment: one field per setting (see `settings.ts`), each
 * checking its own format. Rules across settings are `checkCombinations`; `loadConfig` runs
 * both and only then calls {@link toConfig}.
 */
export const settingsSchema = z.object(SETTINGS);

/**
 * Groups settings that passed every check into a {@link Config}. Assumes the combination
 * rules held (e.g. a bot token came with a signing secret or an app token); it does not
 * re-check them.
 */
export function toConfig(s: Settings, files: { readonly redisTlsCa?: string } = {}): Config {
  const clusters = s.COUNTERSIGN_CLUSTERS ?? [{ name: s.COUNTERSIGN_DEFAULT_CLUSTER ?? 'default' }];
  const redisUrl = new URL(s.REDIS_URL);
  const redisPassword = s.REDIS_PASSWORD ?? (redisUrl.password ? decodeURIComponent(redisUrl.password) : '');
  redisUrl.password = '';
  return {
    logLevel: s.LOG_LEVEL,
    policyFile: s.COUNTERSIGN_POLICY_FILE,
    http: {
      host: s.HTTP_HOST,
      port: s.HTTP_PORT,
      publicBaseUrl: s.PUBLIC_BASE_URL ?? `http://${hostForUrl(s.HTTP_HOST)}:${s.HTTP_PORT}`,
      ...(s.METRICS_PORT === undefined
        ? {}
        : { ops: { host: s.METRICS_HOST ?? s.HTTP_HOST, port: s.METRICS_PORT } }),
    },
    redis: {
      url: redisUrl.href,
      ...(redisPassword ? { password: redisPassword } : {}),
      keyPrefix: s.REDIS_KEY_PREFIX,
      ...(files.redisTlsCa === undefined ? {} : { tlsCa: files.redisTlsCa }),
      ...(s.REDIS_SENTINELS && s.REDIS_SENTINEL_NAME
        ? {
            sentinel: {
              name: s.REDIS_SENTINEL_NAME,
              nodes: s.REDIS_SENTINELS,
              ...(s.REDIS_SENTINEL_PASSWORD ? { password: s.REDIS_SENTINEL_PASSWORD } : {}),
            },
          }
        : {}),
    },
    kubernetes: {
      ...(s.KUBECONFIG ? { kubeconfig: s.KUBECONFIG } : {}),
      clusters,
      defaultCluster: s.COUNTERSIGN_DEFAULT_CLUSTER ?? clusters[0]?.name ?? 'default',
      reservedNamespaces: s.COUNTERSIGN_RESERVED_NAMESPACES ?? DEFAULT_RESERVED_NAMESPACES,
    },
    identity: {
      mode: s.COUNTERSIGN_IDENTITY_MODE,
      ...(s.COUNTERSIGN_IDENTITY_TABLE_FILE ? { tableFile: s.COUNTERSIGN_IDENTITY_TABLE_FILE } : {}),
      emailUsernamePrefix: s.COUNTERSIGN_EMAIL_USERNAME_PREFIX,
    },
    ...optional('slack', slackConfig(s)),
    ...optional('teams', teamsConfig(s)),
    ...optional(
      'oidc',
      s.OIDC_ISSUER_URL && s.OIDC_CLIENT_ID && s.OIDC_CLIENT_SECRET
        ? {
            issuerUrl: s.OIDC_ISSUER_URL,
            clientId: s.OIDC_CLIENT_ID,
            clientSecret: s.OIDC_CLIENT_SECRET,
            ...(s.OIDC_REQUIRED_ACR ? { requiredAcr: s.OIDC_REQUIRED_ACR } : {}),
            requiredAmr: s.OIDC_REQUIRED_AMR,
          }
        : undefined,
    ),
    console: {
      ...(s.SESSION_SECRET ? { sessionSecret: s.SESSION_SECRET } : {}),
      ...(s.COUNTERSIGN_DEV_USERS ? { devUsers: s.COUNTERSIGN_DEV_USERS } : {}),
    },
    ...optional('incidentIdPattern', s.COUNTERSIGN_INCIDENT_ID_PATTERN),
    auditSink: {
      ...(s.AUDIT_SINK_URL && s.AUDIT_SINK_SECRET
        ? { http: { url: s.AUDIT_SINK_URL, secret: s.AUDIT_SINK_SECRET } }
        : {}),
      stdout: s.AUDIT_SINK_STDOUT,
      batchSize: s.AUDIT_SINK_BATCH,
    },
    proxy: {
      host: s.PROXY_HOST,
      port: s.PROXY_PORT,
      ...(s.PROXY_TLS_CERT_PATH && s.PROXY_TLS_KEY_PATH
        ? { tls: { certPath: s.PROXY_TLS_CERT_PATH, keyPath: s.PROXY_TLS_KEY_PATH } }
        : {}),
      publicUrl: s.PROXY_PUBLIC_URL ?? `https://${hostForUrl(s.PROXY_HOST)}:${s.PROXY_PORT}`,
      holdLimitMs: s.PROXY_HOLD_LIMIT,
      rerunWindowMs: s.PROXY_RERUN_WINDOW,
      holdLimitAnswer: s.PROXY_HOLD_LIMIT_ANSWER,
    },
    onCall: {
      ...(s.PAGERDUTY_API_TOKEN
        ? {
            pagerduty: {
              apiUrl: s.PAGERDUTY_API_URL,
              token: s.PAGERDUTY_API_TOKEN,
              timeoutMs: s.ON_CALL_TIMEOUT,
            },
          }
        : {}),
      ...(s.OPSGENIE_API_KEY
        ? {
            opsgenie: {
              apiUrl: s.OPSGENIE_API_URL,
              apiKey: s.OPSGENIE_API_KEY,
              timeoutMs: s.ON_CALL_TIMEOUT,
            },
          }
        : {}),
      cacheTtlMs: s.ON_CALL_CACHE_TTL,
    },
    tuning: {
      sweepIntervalMs: s.SWEEP_INTERVAL,
      remindBeforeMs: s.REMIND_BEFORE,
      workerConcurrency: s.WORKER_CONCURRENCY,
      revocationConcurrency: s.REVOCATION_CONCURRENCY,
      shutdownGraceMs: s.SHUTDOWN_GRACE,
      metricsEnabled: s.METRICS_ENABLED,
    },
  };
}

function slackConfig(s: Settings): SlackConfig | undefined {
  if (!s.SLACK_BOT_TOKEN) return undefined;
  const base = {
    botToken: s.SLACK_BOT_TOKEN,
    ...(s.SLACK_API_URL ? { apiUrl: s.SLACK_API_URL } : {}),
    ...(s.SLACK_INCIDENT_CHANNEL_TEMPLATE
      ? { incidentChannelTemplate: s.SLACK_INCIDENT_CHANNEL_TEMPLATE }
      : {}),
    ...(s.SLACK_SECURITY_CHANNEL ? { securityChannel: s.SLACK_SECURITY_CHANNEL } : {}),
    ...(s.SLACK_ALLOWED_WORKSPACES ? { allowedWorkspaces: s.SLACK_ALLOWED_WORKSPACES } : {}),
  };
  if (s.SLACK_APP_TOKEN) {
    return {
      ...base,
      mode: 'socket',
      appToken: s.SLACK_APP_TOKEN,
      ...(s.SLACK_SIGNING_SECRET ? { signingSecret: s.SLACK_SIGNING_SECRET } : {}),
    };
  }
  return s.SLACK_SIGNING_SECRET
    ? { ...base, mode: 'http', signingSecret: s.SLACK_SIGNING_SECRET }
    : undefined;
}

function teamsConfig(s: Settings): TeamsConfig | undefined {
  if (!s.TEAMS_APP_ID) return undefined;
  return {
    appId: s.TEAMS_APP_ID,
    appType: s.TEAMS_APP_TYPE,
    ...(s.TEAMS_APP_PASSWORD ? { appPassword: s.TEAMS_APP_PASSWORD } : {}),
    ...(s.TEAMS_CERTIFICATE ? { certificate: s.TEAMS_CERTIFICATE } : {}),
    ...(s.TEAMS_TENANT_ID ? { tenantId: s.TEAMS_TENANT_ID } : {}),
    allowedTenants: s.TEAMS_ALLOWED_TENANTS ?? (s.TEAMS_TENANT_ID ? [s.TEAMS_TENANT_ID.toLowerCase()] : []),
    graphUrl: s.TEAMS_GRAPH_URL,
    endpoints: {
      loginUrl: s.TEAMS_LOGIN_URL,
      openIdMetadataUrl: s.TEAMS_OPENID_METADATA_URL,
      tokenIssuer: s.TEAMS_TOKEN_ISSUER,
      oauthScope: s.TEAMS_OAUTH_SCOPE,
    },
    ...(s.TEAMS_INCIDENT_CHANNEL_TEMPLATE
      ? { incidentChannelTemplate: s.TEAMS_INCIDENT_CHANNEL_TEMPLATE }
      : {}),
    ...(s.TEAMS_SECURITY_CHANNEL ? { securityChannel: s.TEAMS_SECURITY_CHANNEL } : {}),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
