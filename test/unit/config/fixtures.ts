import assert from 'node:assert/strict';
import { ConfigInvalidError } from '../../../src/core/errors.ts';
import { loadConfig, type ReadFile } from '../../../src/config/load.ts';
import type { SECRET_SETTINGS } from '../../../src/config/settings.ts';

/** A distinct, recognisable value for every secret setting (the type forces completeness). */
export const SECRETS: Record<(typeof SECRET_SETTINGS)[number], string> = {
  REDIS_PASSWORD: 'redis-pass-4f1c9a',
  REDIS_SENTINEL_PASSWORD: 'sentinel-pass-77ab2e',
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-bottokenvalue',
  SLACK_SIGNING_SECRET: 'signing-secret-8e1f0c',
  SLACK_APP_TOKEN: 'xapp-1-A1-appleveltoken',
  TEAMS_APP_PASSWORD: 'teams"pass\\word~needs-json-escaping',
  TEAMS_CERTIFICATE:
    '-----BEGIN CERTIFICATE-----\nteams-cert-9c2e\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nteams-key-5d1a\n-----END PRIVATE KEY-----',
  OIDC_CLIENT_SECRET: 'oidc-client-secret-3b5d',
  SESSION_SECRET: 'session-secret-0123456789abcdef0123456789',
  AUDIT_SINK_SECRET: 'audit-sink-secret-0123456789abcdef01234',
  PAGERDUTY_API_TOKEN: 'pagerduty-token-6e2b1d',
  OPSGENIE_API_KEY: 'opsgenie-key-4a9c3f',
};

/** An environment with every platform configured and every secret set. */
export const FULL_ENV: NodeJS.ProcessEnv = {
  ...SECRETS,
  REDIS_SENTINELS: 'sentinel-0:26379, [::1]:26380',
  REDIS_SENTINEL_NAME: 'mymaster',
  COUNTERSIGN_CLUSTERS: 'prod=prod-admin,staging',
  COUNTERSIGN_IDENTITY_TABLE_FILE: 'identities.yaml',
  TEAMS_APP_ID: '0b9d2c1e-5a4f-4c3b-9e8d-7f6a5b4c3d2e',
  TEAMS_TENANT_ID: '11111111-2222-4333-8444-555555555555',
  OIDC_ISSUER_URL: 'https://id.example.com/realms/ops',
  OIDC_CLIENT_ID: 'countersign',
  OIDC_REQUIRED_AMR: 'mfa, hwk',
  AUDIT_SINK_URL: 'https://siem.example.com/countersign/audit',
};

/** A file reader that finds no file, for tests that give no `_FILE` settings. */
export const noFiles: ReadFile = (path) => {
  throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
};

/** Loads `env` and returns the issues of the ConfigInvalidError it must throw. */
export function problems(
  env: NodeJS.ProcessEnv,
  readFile: ReadFile = noFiles,
): { variable: string; message: string }[] {
  try {
    loadConfig(env, readFile);
  } catch (error) {
    if (error instanceof ConfigInvalidError) return [...error.issues];
    throw error;
  }
  return assert.fail(`expected loadConfig to reject ${JSON.stringify(Object.keys(env))}`);
}

/** The one issue about `variable`, failing when there is none or several. */
export function issueFor(issues: readonly { variable: string; message: string }[], variable: string): string {
  const found = issues.filter((i) => i.variable === variable);
  assert.equal(found.length, 1, `expected one issue for ${variable}, got ${JSON.stringify(issues)}`);
  return found[0]?.message ?? '';
}
