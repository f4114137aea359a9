import type { Config } from './config.ts';

/** What a secret is replaced with wherever it would be printed. */
export const REDACTED = '[redacted]';

/**
 * Dot paths of every secret in {@link Config}. The logger redacts these under `config.` and at
 * the top level; a test proves that together they cover every secret setting.
 */
export const SECRET_CONFIG_PATHS = [
  'redis.password',
  'redis.sentinel.password',
  'slack.botToken',
  'slack.signingSecret',
  'slack.appToken',
  'teams.appPassword',
  'teams.certificate',
  'oidc.clientSecret',
  'console.sessionSecret',
  'auditSink.http.secret',
  'onCall.pagerduty.token',
  'onCall.opsgenie.apiKey',
] as const;

/**
 * A deep copy of `config` safe to print or log: each secret that is set becomes
 * `[redacted]`, so a reader still sees which secrets are configured.
 */
export function redactConfig(config: Config): Config {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const path of SECRET_CONFIG_PATHS) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    let node: unknown = copy;
    for (const key of keys) node = (node as Record<string, unknown> | undefined)?.[key];
    if (node && typeof node === 'object' && typeof (node as Record<string, unknown>)[last] === 'string') {
      (node as Record<string, unknown>)[last] = REDACTED;
    }
  }
  return copy as unknown as Config;
}

/** The secret values set in `config`, for scrubbing them out of any text about to be written. */
export function secretValues(config: Config): string[] {
  const values: string[] = [];
  for (const path of SECRET_CONFIG_PATHS) {
    let node: unknown = config;
    for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
    if (typeof node === 'string' && node !== '') values.push(node);
  }
  return values;
}
