import { z } from 'zod';
import { value } from './value-schemas.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

const clusterName = () =>
  z.string().regex(DNS_LABEL, 'must be a lower-case DNS label such as prod-eu or staging');

const clusters = value.list().transform((items, ctx) => {
  const out: { name: string; context?: string }[] = [];
  for (const item of items) {
    const [name = '', ...rest] = item.split('=').map((s) => s.trim());
    const context = rest.join('=');
    if (!DNS_LABEL.test(name)) {
      ctx.addIssue({
        code: 'custom',
        message: `cluster name "${name}" must be a lower-case DNS label, e.g. prod-eu`,
      });
    } else if (rest.length > 0 && context === '') {
      ctx.addIssue({
        code: 'custom',
        message: `"${item}" has no context; write e.g. prod=prod-admin,staging`,
      });
    } else if (out.some((c) => c.name === name)) {
      ctx.addIssue({ code: 'custom', message: `cluster "${name}" is listed twice` });
    } else {
      out.push(context ? { name, context } : { name });
    }
  }
  return out;
});

const namespaceList = value.list().transform((items, ctx) =>
  items.filter((item) => {
    if (DNS_LABEL.test(item)) return true;
    ctx.addIssue({
      code: 'custom',
      message: `"${item}" is not a namespace name; write e.g. countersign,kube-system`,
    });
    return false;
  }),
);

function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

const sentinels = value.list().transform((items, ctx) =>
  items.flatMap((item) => {
    const match = /^(\[[^\]]+\]|[^:\s[\]]+):(\d{1,5})$/.exec(item);
    const port = Number(match?.[2]);
    if (!match?.[1] || port < 1 || port > 65535) {
      ctx.addIssue({ code: 'custom', message: `"${item}" is not host:port; write e.g. sentinel-0:26379` });
      return [];
    }
    return [{ host: match[1].replace(/^\[(.*)\]$/, '$1'), port }];
  }),
);

const devUsers = value.list().transform((items, ctx) =>
  items.flatMap((item) => {
    const [username = '', groups = ''] = item.split('=', 2).map((s) => s.trim());
    if (username === '') {
      ctx.addIssue({ code: 'custom', message: `"${item}" has no username; write e.g. alice=sre+oncall,bob` });
      return [];
    }
    return [{ username, groups: groups.split('+').flatMap((g) => (g.trim() ? [g.trim()] : [])) }];
  }),
);

const issuerUrl = value.url(['https', 'http'], 'https://login.example.com').refine(
  (s) => {
    const url = new URL(s);
    return url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname);
  },
  { message: 'must use https (plain http is allowed only for localhost)' },
);

const tenantIds = value.list().transform((items, ctx) =>
  items.flatMap((item) => {
    if (GUID.test(item)) return [item.toLowerCase()];
    ctx.addIssue({
      code: 'custom',
      message: `"${item}" is not an Entra tenant ID; write GUIDs, e.g. 11111111-2222-4333-8444-555555555555`,
    });
    return [];
  }),
);

const slackWorkspaces = value.list().transform((items, ctx) =>
  items.flatMap((item) => {
    if (/^[TE][A-Z0-9]{2,}$/.test(item)) return [item];
    ctx.addIssue({
      code: 'custom',
      message: `"${item}" is not a Slack workspace (T…) or Enterprise Grid organization (E…) ID, e.g. T0123ABCD`,
    });
    return [];
  }),
);

const redisUrl = value.url(['redis', 'rediss'], 'redis://127.0.0.1:6379');

/**
 * Every setting Countersign reads, by environment variable name, each with the zod schema that
 * checks its format and yields its typed value (defaults applied). Rules that tie settings
 * together live in `combination-rules.ts`; grouping into `Config` lives in `schema.ts`.
 * Adding a setting here also means adding it to `.env.example` (a test keeps them equal).
 */
export const SETTINGS = {
  // core
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  COUNTERSIGN_POLICY_FILE: value.text().default('policy.yaml'),
  COUNTERSIGN_IDENTITY_MODE: z.enum(['table', 'email'], { error: 'must be table or email' }).default('table'),
  COUNTERSIGN_IDENTITY_TABLE_FILE: value.text().optional(),
  COUNTERSIGN_EMAIL_USERNAME_PREFIX: z.string().default(''),
  HTTP_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.\-:%[\]]+$/, 'must be a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  HTTP_PORT: value.port().default(8080),
  METRICS_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.\-:%[\]]+$/, 'must be a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0')
    .optional(),
  METRICS_PORT: value.port().optional(),
  PUBLIC_BASE_URL: value
    .url(['https', 'http'], 'https://countersign.example.com')
    .transform((s) => s.replace(/\/+$/, ''))
    .optional(),
  // Redis
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  REDIS_PASSWORD: value.text().optional(),
  REDIS_SENTINELS: sentinels.optional(),
  REDIS_SENTINEL_NAME: value.text().optional(),
  REDIS_SENTINEL_PASSWORD: value.text().optional(),
  REDIS_TLS_CA_PATH: value.text().optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, "_", "." or "-", e.g. countersign')
    .default('countersign'),
  // Kubernetes
  KUBECONFIG: value.text().optional(),
  COUNTERSIGN_CLUSTERS: clusters.optional(),
  COUNTERSIGN_DEFAULT_CLUSTER: clusterName().optional(),
  COUNTERSIGN_RESERVED_NAMESPACES: namespaceList.optional(),
  COUNTERSIGN_INCIDENT_ID_PATTERN: value
    .text()
    .refine(compiles, { message: 'must be a regular expression, e.g. INC-[0-9]+' })
    .optional(),
  // Slack
  SLACK_BOT_TOKEN: value.prefixedSecret('xoxb-', 'a Slack bot token').optional(),
  SLACK_SIGNING_SECRET: value.text().optional(),
  SLACK_APP_TOKEN: value.prefixedSecret('xapp-', 'a Slack app-level token').optional(),
  SLACK_API_URL: value
    .url(['https', 'http'], 'http://127.0.0.1:3001/api/')
    .transform((s) => (s.endsWith('/') ? s : `${s}/`))
    .optional(),
  SLACK_INCIDENT_CHANNEL_TEMPLATE: z
    .string()
    .regex(
      /^[a-z0-9_-]*\{id\}[a-z0-9_-]*$/,
      'must contain {id} once, with lower-case letters, digits, "-" or "_" around it, e.g. inc-{id}',
    )
    .optional(),
  SLACK_SECURITY_CHANNEL: z
    .string()
    .regex(
      /^#?[a-z0-9][a-z0-9_-]{0,79}$|^[CG][A-Z0-9]{6,}$/,
      'must be a channel name or ID, e.g. #security-alerts or C0123456789',
    )
    .optional(),
  SLACK_ALLOWED_WORKSPACES: slackWorkspaces.optional(),
  // Teams
  TEAMS_APP_ID: z.string().regex(GUID, 'must be the bot’s Microsoft App ID, a GUID').optional(),
  TEAMS_APP_PASSWORD: value.text().optional(),
  TEAMS_TENANT_ID: z
    .string()
    .regex(/^[0-9a-f-]{36}$|^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be the Entra tenant ID (a GUID) or domain')
    .optional(),
  TEAMS_ALLOWED_TENANTS: tenantIds.optional(),
  TEAMS_APP_TYPE: z
    .enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI'], {
      error: 'must be SingleTenant, MultiTenant or UserAssignedMSI',
    })
    .default('SingleTenant'),
  TEAMS_CERTIFICATE: value
    .text()
    .refine(
      (pem) => /-----BEGIN CERTIFICATE-----/.test(pem) && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem),
      {
        message: 'must be one PEM holding the app’s certificate and its private key',
      },
    )
    .optional(),
  TEAMS_GRAPH_URL: value
    .url(['https', 'http'], 'https://graph.microsoft.com/v1.0')
    .transform((s) => s.replace(/\/+$/, ''))
    .default('https://graph.microsoft.com/v1.0'),
  TEAMS_LOGIN_URL: value
    .url(['https'], 'https://login.microsoftonline.com')
    .transform((s) => s.replace(/\/+$/, ''))
    .default('https://login.microsoftonline.com'),
  TEAMS_OPENID_METADATA_URL: value
    .url(['https', 'http'], 'https://login.botframework.com/v1/.well-known/openidconfiguration')
    .default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
  TEAMS_TOKEN_ISSUER: value.text().default('https://api.botframework.com'),
  TEAMS_OAUTH_SCOPE: value.text().default('https://api.botframework.com'),
  TEAMS_INCIDENT_CHANNEL_TEMPLATE: z
    .string()
    .regex(
      /^[a-z0-9_-]*\{id\}[a-z0-9_-]*$/,
      'must contain {id} once, with lower-case letters, digits, "-" or "_" around it, e.g. inc-{id}',
    )
    .optional(),
  TEAMS_SECURITY_CHANNEL: z
    .string()
    .regex(/^19:[^\s]+@thread\.[a-z0-9]+$/, 'must be a Teams channel ID, e.g. 19:abc123@thread.tacv2')
    .optional(),
  // OIDC and the web console
  OIDC_ISSUER_URL: issuerUrl.optional(),
  OIDC_CLIENT_ID: value.text().optional(),
  OIDC_CLIENT_SECRET: value.text().optional(),
  OIDC_REQUIRED_ACR: value.text().optional(),
  OIDC_REQUIRED_AMR: value.list().default([]),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters (try: openssl rand -hex 32)').optional(),
  COUNTERSIGN_DEV_USERS: devUsers.optional(),
  // audit sink
  AUDIT_SINK_URL: value.url(['https', 'http'], 'https://siem.example.com/countersign/audit').optional(),
  AUDIT_SINK_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (try: openssl rand -hex 32)')
    .optional(),
  AUDIT_SINK_STDOUT: value.boolean().default(false),
  AUDIT_SINK_BATCH: value.int(1, 1000, 100).default(100),
  // kubectl proxy
  PROXY_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.\-:%[\]]+$/, 'must be a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  PROXY_PORT: value.port().default(8443),
  PROXY_TLS_CERT_PATH: value.text().optional(),
  PROXY_TLS_KEY_PATH: value.text().optional(),
  PROXY_PUBLIC_URL: value
    .url(['https'], 'https://kube.countersign.example.com')
    .transform((s) => s.replace(/\/+$/, ''))
    .optional(),
  PROXY_HOLD_LIMIT: value.duration().default(55_000),
  PROXY_RERUN_WINDOW: value.duration().default(15 * 60_000),
  PROXY_HOLD_LIMIT_ANSWER: z
    .enum(['forbidden', 'retry'], { error: 'must be forbidden (403) or retry (429 with Retry-After)' })
    .default('forbidden'),
  // on-call approvers (PagerDuty, Opsgenie)
  PAGERDUTY_API_TOKEN: value.text().optional(),
  PAGERDUTY_API_URL: value
    .url(['https', 'http'], 'https://api.pagerduty.com')
    .transform((s) => s.replace(/\/+$/, ''))
    .default('https://api.pagerduty.com'),
  OPSGENIE_API_KEY: value.text().optional(),
  OPSGENIE_API_URL: value
    .url(['https', 'http'], 'https://api.eu.opsgenie.com')
    .transform((s) => s.replace(/\/+$/, ''))
    .default('https://api.opsgenie.com'),
  ON_CALL_CACHE_TTL: value.duration().default(60_000),
  ON_CALL_TIMEOUT: value
    .duration()
    .refine((ms) => ms <= 30_000, { message: 'must be at most 30s: a click waits for the answer' })
    .default(5000),
  // tuning
  SWEEP_INTERVAL: value.duration().default(60_000),
  REMIND_BEFORE: value.duration().default(15 * 60_000),
  WORKER_CONCURRENCY: value.int(1, 256, 8).default(8),
  REVOCATION_CONCURRENCY: value.int(1, 256, 16).default(16),
  METRICS_ENABLED: value.boolean().default(true),
  SHUTDOWN_GRACE: value.duration().default(30_000),
} as const;

/** The name of every setting, in the order `.env.example` presents them. */
export type SettingName = keyof typeof SETTINGS;

/** Typed values of all settings after format checks and defaults. */
export type Settings = { [K in SettingName]: z.output<(typeof SETTINGS)[K]> };

/** Every setting name; `X_FILE` variants of secrets are not included. */
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/**
 * Settings that hold secrets: each may be given as `X_FILE` (a path to read), is never echoed
 * in an error, and is redacted from printed config and log lines.
 */
export const SECRET_SETTINGS = [
  'REDIS_PASSWORD',
  'REDIS_SENTINEL_PASSWORD',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'TEAMS_APP_PASSWORD',
  'TEAMS_CERTIFICATE',
  'OIDC_CLIENT_SECRET',
  'SESSION_SECRET',
  'AUDIT_SINK_SECRET',
  'PAGERDUTY_API_TOKEN',
  'OPSGENIE_API_KEY',
] as const satisfies readonly SettingName[];

/** True for an Entra tenant ID (a GUID), as activities name their tenant. */
export function isTenantId(value: string): boolean {
  return GUID.test(value);
}

/** True for host names that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}
