import { isLoopbackHost, isTenantId, type SettingName, type Settings } from './settings.ts';

/** One problem with the settings, named by the variable to fix. */
export interface ConfigIssue {
  readonly variable: string;
  readonly message: string;
}

const SLACK_TRIGGERS = [
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'SLACK_INCIDENT_CHANNEL_TEMPLATE',
  'SLACK_SECURITY_CHANNEL',
  'SLACK_ALLOWED_WORKSPACES',
] as const;
const TEAMS_TRIGGERS = [
  'TEAMS_APP_PASSWORD',
  'TEAMS_CERTIFICATE',
  'TEAMS_TENANT_ID',
  'TEAMS_APP_TYPE',
  'TEAMS_INCIDENT_CHANNEL_TEMPLATE',
  'TEAMS_SECURITY_CHANNEL',
  'TEAMS_ALLOWED_TENANTS',
] as const;
const OIDC_SETTINGS = [
  'OIDC_ISSUER_URL',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_REQUIRED_ACR',
  'OIDC_REQUIRED_AMR',
] as const;

/**
 * Checks the rules that tie settings together (a partial Slack, Teams or OIDC setup, Sentinel
 * without its name, a default cluster that is not listed, ...). `parsed` holds every setting
 * whose own format was valid; `present` names the settings that were given at all, so a value
 * that failed its format check is not also reported as missing.
 */
export function checkCombinations(
  parsed: Partial<Settings>,
  present: ReadonlySet<SettingName>,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const has = (name: SettingName) => present.has(name);
  const issue = (variable: SettingName, message: string) => issues.push({ variable, message });
  const requireWhen = (needed: SettingName, because: string) => {
    if (!has(needed)) issue(needed, `required when ${because}`);
  };

  // Redis
  if (has('REDIS_SENTINELS')) requireWhen('REDIS_SENTINEL_NAME', 'REDIS_SENTINELS is set');
  if (has('REDIS_SENTINEL_NAME')) requireWhen('REDIS_SENTINELS', 'REDIS_SENTINEL_NAME is set');
  if (has('REDIS_SENTINEL_PASSWORD')) requireWhen('REDIS_SENTINELS', 'REDIS_SENTINEL_PASSWORD is set');
  if (has('REDIS_PASSWORD') && parsed.REDIS_URL && new URL(parsed.REDIS_URL).password !== '') {
    issue('REDIS_PASSWORD', 'give the Redis password in REDIS_URL or in REDIS_PASSWORD, not both');
  }
  if (has('REDIS_TLS_CA_PATH') && parsed.REDIS_URL && new URL(parsed.REDIS_URL).protocol !== 'rediss:') {
    issue('REDIS_TLS_CA_PATH', 'needs a rediss:// REDIS_URL: a redis:// connection has no TLS to check');
  }

  // Kubernetes
  const clusters = parsed.COUNTERSIGN_CLUSTERS;
  const defaultCluster = parsed.COUNTERSIGN_DEFAULT_CLUSTER;
  if (clusters && defaultCluster && !clusters.some((c) => c.name === defaultCluster)) {
    const names = clusters.map((c) => c.name).join(', ');
    issue('COUNTERSIGN_DEFAULT_CLUSTER', `"${defaultCluster}" is not in COUNTERSIGN_CLUSTERS (${names})`);
  }

  // Slack
  const slackTrigger = SLACK_TRIGGERS.find(has);
  if (slackTrigger) requireWhen('SLACK_BOT_TOKEN', `${slackTrigger} is set`);
  if (has('SLACK_BOT_TOKEN') && !has('SLACK_APP_TOKEN')) {
    requireWhen(
      'SLACK_SIGNING_SECRET',
      'SLACK_BOT_TOKEN is set without SLACK_APP_TOKEN (HTTP mode); or set SLACK_APP_TOKEN for Socket Mode',
    );
  }

  // Teams
  const teamsTrigger = TEAMS_TRIGGERS.find(has);
  if (teamsTrigger) requireWhen('TEAMS_APP_ID', `${teamsTrigger} is set`);
  const appType = parsed.TEAMS_APP_TYPE;
  if (has('TEAMS_APP_ID') && appType) {
    const why = `TEAMS_APP_TYPE is ${appType}${has('TEAMS_APP_TYPE') ? '' : ' (the default)'}`;
    if (appType !== 'MultiTenant') requireWhen('TEAMS_TENANT_ID', why);
    if (appType !== 'UserAssignedMSI' && !has('TEAMS_CERTIFICATE')) {
      requireWhen('TEAMS_APP_PASSWORD', `${why}; or set TEAMS_CERTIFICATE instead`);
    }
    const tenant = parsed.TEAMS_TENANT_ID;
    if (!has('TEAMS_ALLOWED_TENANTS') && appType === 'MultiTenant' && tenant === undefined) {
      issue(
        'TEAMS_ALLOWED_TENANTS',
        `required when ${why} without TEAMS_TENANT_ID: Teams says who people are, so list the Entra tenant IDs whose activities are served, e.g. 11111111-2222-4333-8444-555555555555`,
      );
    }
    if (!has('TEAMS_ALLOWED_TENANTS') && tenant !== undefined && !isTenantId(tenant)) {
      issue(
        'TEAMS_ALLOWED_TENANTS',
        `required when TEAMS_TENANT_ID is a domain (${tenant}): activities name their tenant by ID, so list it (a GUID)`,
      );
    }
    for (const secret of ['TEAMS_APP_PASSWORD', 'TEAMS_CERTIFICATE'] as const) {
      if (appType === 'UserAssignedMSI' && has(secret)) {
        issue(secret, `must be unset when ${why}: a managed identity has no password or certificate`);
      }
    }
  }

  // OIDC and the console
  const oidcTrigger = OIDC_SETTINGS.find(has);
  if (oidcTrigger) {
    for (const needed of ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
      requireWhen(needed, `${oidcTrigger} is set`);
    }
    requireWhen('SESSION_SECRET', `${oidcTrigger} is set (it signs console sessions)`);
  }
  const host = parsed.HTTP_HOST;
  if (has('COUNTERSIGN_DEV_USERS')) {
    if (host && !isLoopbackHost(host)) {
      issue(
        'COUNTERSIGN_DEV_USERS',
        `dev users skip login, so HTTP_HOST must be a loopback address such as 127.0.0.1, not ${host}`,
      );
    }
    if (oidcTrigger) {
      issue('COUNTERSIGN_DEV_USERS', `cannot be combined with ${oidcTrigger}: unset one of them`);
    }
    const publicUrl = parsed.PUBLIC_BASE_URL;
    const publicHost = publicUrl === undefined ? undefined : hostOf(String(publicUrl));
    if (publicUrl !== undefined && (publicHost === undefined || !isLoopbackHost(publicHost))) {
      issue(
        'COUNTERSIGN_DEV_USERS',
        `dev users skip login, so PUBLIC_BASE_URL must be a loopback address such as http://127.0.0.1:8080, not ${String(publicUrl)}`,
      );
    }
  }
  if (host && !isLoopbackHost(host)) {
    requireWhen(
      'PUBLIC_BASE_URL',
      `HTTP_HOST is not a loopback address, so links can reach this server, e.g. https://countersign.example.com`,
    );
  }

  if (has('METRICS_HOST'))
    requireWhen('METRICS_PORT', 'METRICS_HOST is set (it is the address of that port)');
  const metricsPort = parsed.METRICS_PORT;
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === parsed.HTTP_PORT) {
    issue('METRICS_PORT', `must differ from HTTP_PORT (${metricsPort}), or stay unset to share that port`);
  }

  // Audit sink
  if (has('AUDIT_SINK_URL'))
    requireWhen('AUDIT_SINK_SECRET', 'AUDIT_SINK_URL is set (it signs every delivery)');
  if (has('AUDIT_SINK_SECRET'))
    requireWhen('AUDIT_SINK_URL', 'AUDIT_SINK_SECRET is set (it is the key of that endpoint)');

  // kubectl proxy
  if (has('PROXY_TLS_CERT_PATH')) requireWhen('PROXY_TLS_KEY_PATH', 'PROXY_TLS_CERT_PATH is set');
  if (has('PROXY_TLS_KEY_PATH')) requireWhen('PROXY_TLS_CERT_PATH', 'PROXY_TLS_KEY_PATH is set');
  const proxyPort = parsed.PROXY_PORT;
  if (proxyPort !== undefined && proxyPort !== 0 && proxyPort === parsed.HTTP_PORT) {
    issue('PROXY_PORT', `must differ from HTTP_PORT (${proxyPort})`);
  }
  const rerunWindow = parsed.PROXY_RERUN_WINDOW;
  if (rerunWindow !== undefined && rerunWindow < 60_000) {
    issue('PROXY_RERUN_WINDOW', 'must be at least 1m, so a re-run after approval has time to arrive');
  }

  // Identity
  const identityMode = parsed.COUNTERSIGN_IDENTITY_MODE;
  const chat = (['SLACK_BOT_TOKEN', 'TEAMS_APP_ID', 'OIDC_ISSUER_URL'] as const).find(has);
  if (identityMode === 'table' && chat) {
    requireWhen(
      'COUNTERSIGN_IDENTITY_TABLE_FILE',
      `COUNTERSIGN_IDENTITY_MODE is table${has('COUNTERSIGN_IDENTITY_MODE') ? '' : ' (the default)'} and ${chat} is set; or set COUNTERSIGN_IDENTITY_MODE=email`,
    );
  }
  if (identityMode === 'table' && has('COUNTERSIGN_EMAIL_USERNAME_PREFIX')) {
    issue('COUNTERSIGN_EMAIL_USERNAME_PREFIX', 'only used when COUNTERSIGN_IDENTITY_MODE=email');
  }
  return issues;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
