import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../../src/config/load.ts';
import { ConfigInvalidError } from '../../../src/core/errors.ts';
import { FULL_ENV, SECRETS, issueFor, noFiles, problems } from './fixtures.ts';

void describe('loadConfig defaults and grouping', () => {
  void test('an empty environment gives a console-only config with the documented defaults', () => {
    const config = loadConfig({}, noFiles);
    assert.equal(config.http.host, '127.0.0.1');
    assert.equal(config.http.port, 8080);
    assert.equal(config.http.publicBaseUrl, 'http://127.0.0.1:8080');
    assert.equal(config.redis.url, 'redis://127.0.0.1:6379');
    assert.equal(config.policyFile, 'policy.yaml');
    assert.deepEqual(config.kubernetes.clusters, [{ name: 'default' }]);
    assert.equal(config.tuning.sweepIntervalMs, 60_000);
    assert.equal(config.tuning.remindBeforeMs, 900_000);
    assert.equal(config.tuning.workerConcurrency, 8);
    assert.equal(config.slack, undefined);
    assert.equal(config.teams, undefined);
    assert.equal(config.oidc, undefined);
  });

  void test('empty values count as unset', () => {
    assert.deepEqual(loadConfig({ HTTP_PORT: '', SLACK_BOT_TOKEN: '  ' }, noFiles), loadConfig({}, noFiles));
  });

  void test('a full environment is grouped per platform', () => {
    const config = loadConfig(FULL_ENV, noFiles);
    assert.equal(config.slack?.mode, 'socket');
    assert.equal(config.slack?.botToken, SECRETS.SLACK_BOT_TOKEN);
    assert.equal(config.teams?.appType, 'SingleTenant');
    assert.equal(config.oidc?.clientSecret, SECRETS.OIDC_CLIENT_SECRET);
    assert.deepEqual(config.oidc?.requiredAmr, ['mfa', 'hwk']);
    assert.deepEqual(config.redis.sentinel?.nodes, [
      { host: 'sentinel-0', port: 26379 },
      { host: '::1', port: 26380 },
    ]);
    assert.deepEqual(config.kubernetes.clusters, [
      { name: 'prod', context: 'prod-admin' },
      { name: 'staging' },
    ]);
    assert.equal(config.kubernetes.defaultCluster, 'prod');
  });

  void test('ON_CALL_TIMEOUT bounds each on-call request: 5s by default, at most 30s (issue 18 item 4)', () => {
    const env = { PAGERDUTY_API_TOKEN: 'pd', OPSGENIE_API_KEY: 'og' };
    const defaults = loadConfig(env, noFiles).onCall;
    assert.equal(defaults?.pagerduty?.timeoutMs, 5000);
    assert.equal(defaults?.opsgenie?.timeoutMs, 5000);
    assert.equal(loadConfig({ ...env, ON_CALL_TIMEOUT: '2s' }, noFiles).onCall?.pagerduty?.timeoutMs, 2000);
    assert.throws(
      () => loadConfig({ ...env, ON_CALL_TIMEOUT: '1m' }, noFiles),
      (error: unknown) =>
        error instanceof ConfigInvalidError && /ON_CALL_TIMEOUT.*at most 30s/.test(error.message),
    );
  });

  void test('Slack without an app token runs in HTTP mode', () => {
    const config = loadConfig(
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', COUNTERSIGN_IDENTITY_MODE: 'email' },
      noFiles,
    );
    assert.deepEqual(config.slack, { botToken: 'xoxb-1', mode: 'http', signingSecret: 's' });
  });

  void test('a password in REDIS_URL moves out of the URL', () => {
    const config = loadConfig({ REDIS_URL: 'rediss://app:p%40ss@redis.internal:6380/2' }, noFiles);
    assert.equal(config.redis.url, 'rediss://app@redis.internal:6380/2');
    assert.equal(config.redis.password, 'p@ss');
  });

  void test('durations, booleans and lists are parsed', () => {
    const config = loadConfig(
      { SWEEP_INTERVAL: '1h30m', SHUTDOWN_GRACE: '500ms', METRICS_ENABLED: 'FALSE', WORKER_CONCURRENCY: '3' },
      noFiles,
    );
    assert.equal(config.tuning.sweepIntervalMs, 5_400_000);
    assert.equal(config.tuning.shutdownGraceMs, 500);
    assert.equal(config.tuning.metricsEnabled, false);
    assert.equal(config.tuning.workerConcurrency, 3);
  });

  void test('METRICS_PORT moves health, readiness and metrics to their own server', () => {
    assert.equal(loadConfig({}, noFiles).http.ops, undefined);
    assert.deepEqual(loadConfig({ HTTP_HOST: '::1', METRICS_PORT: '9090' }, noFiles).http.ops, {
      host: '::1',
      port: 9090,
    });
    assert.deepEqual(loadConfig({ METRICS_HOST: '0.0.0.0', METRICS_PORT: '9090' }, noFiles).http.ops, {
      host: '0.0.0.0',
      port: 9090,
    });
    assert.match(
      issueFor(problems({ METRICS_HOST: '0.0.0.0' }), 'METRICS_PORT'),
      /required when METRICS_HOST/,
    );
    assert.match(issueFor(problems({ METRICS_PORT: '8080' }), 'METRICS_PORT'), /must differ from HTTP_PORT/);
  });

  void test('the audit sink: an endpoint comes with its signing secret; stdout alone needs none', () => {
    assert.deepEqual(loadConfig({}, noFiles).auditSink, { stdout: false, batchSize: 100 });
    assert.deepEqual(loadConfig({ AUDIT_SINK_STDOUT: 'true', AUDIT_SINK_BATCH: '20' }, noFiles).auditSink, {
      stdout: true,
      batchSize: 20,
    });
    assert.deepEqual(loadConfig(FULL_ENV, noFiles).auditSink.http, {
      url: 'https://siem.example.com/countersign/audit',
      secret: SECRETS.AUDIT_SINK_SECRET,
    });
    assert.match(
      issueFor(problems({ AUDIT_SINK_URL: 'https://siem.example.com/a' }), 'AUDIT_SINK_SECRET'),
      /required when AUDIT_SINK_URL is set/,
    );
    assert.match(
      issueFor(problems({ AUDIT_SINK_SECRET: SECRETS.AUDIT_SINK_SECRET }), 'AUDIT_SINK_URL'),
      /required when AUDIT_SINK_SECRET/,
    );
    assert.match(
      issueFor(
        problems({ AUDIT_SINK_URL: 'https://s.example.com', AUDIT_SINK_SECRET: 'short' }),
        'AUDIT_SINK_SECRET',
      ),
      /at least 32/,
    );
    assert.match(issueFor(problems({ AUDIT_SINK_BATCH: '0' }), 'AUDIT_SINK_BATCH'), /at least 1/);
  });
});

void describe('loadConfig names what is wrong', () => {
  void test('bad values are named, all at once', () => {
    const issues = problems({
      HTTP_PORT: 'abc',
      PUBLIC_BASE_URL: 'not a url',
      REDIS_URL: 'http://redis:6379',
      SWEEP_INTERVAL: '5 minutes',
      WORKER_CONCURRENCY: '0',
      LOG_LEVEL: 'loud',
    });
    assert.deepEqual(issues.map((i) => i.variable).sort(), [
      'HTTP_PORT',
      'LOG_LEVEL',
      'PUBLIC_BASE_URL',
      'REDIS_URL',
      'SWEEP_INTERVAL',
      'WORKER_CONCURRENCY',
    ]);
    assert.match(issueFor(issues, 'HTTP_PORT'), /whole number/);
    assert.match(issueFor(issues, 'REDIS_URL'), /redis or rediss URL/);
  });

  void test('the thrown error lists each variable in its message', () => {
    assert.throws(
      () => loadConfig({ HTTP_PORT: '70000' }, noFiles),
      (error: unknown) =>
        error instanceof ConfigInvalidError &&
        error.code === 'config_invalid' &&
        /^HTTP_PORT: /.test(error.message),
    );
  });

  void test('a missing required value is named with the setting that needs it', () => {
    const issues = problems({ SLACK_BOT_TOKEN: 'xoxb-1', COUNTERSIGN_IDENTITY_MODE: 'email' });
    assert.match(issueFor(issues, 'SLACK_SIGNING_SECRET'), /^required when SLACK_BOT_TOKEN is set/);
  });

  void test('a partial Slack setup names the bot token', () => {
    assert.match(issueFor(problems({ SLACK_APP_TOKEN: 'xapp-1' }), 'SLACK_BOT_TOKEN'), /SLACK_APP_TOKEN/);
  });

  void test('Slack tokens must have the right prefix, and the message does not echo the value', () => {
    const issues = problems({ SLACK_BOT_TOKEN: 'xoxp-user-token-abc', SLACK_APP_TOKEN: 'xapp-1' });
    assert.match(issueFor(issues, 'SLACK_BOT_TOKEN'), /xoxb-/);
    assert.ok(!JSON.stringify(issues).includes('xoxp-user-token-abc'));
  });

  void test('a partial Teams setup is named per app type', () => {
    const id = '0b9d2c1e-5a4f-4c3b-9e8d-7f6a5b4c3d2e';
    assert.match(issueFor(problems({ TEAMS_APP_PASSWORD: 'p' }), 'TEAMS_APP_ID'), /TEAMS_APP_PASSWORD/);
    const single = problems({ TEAMS_APP_ID: id, COUNTERSIGN_IDENTITY_MODE: 'email' });
    assert.match(issueFor(single, 'TEAMS_TENANT_ID'), /SingleTenant \(the default\)/);
    assert.match(issueFor(single, 'TEAMS_APP_PASSWORD'), /SingleTenant/);
    const msi = problems({
      TEAMS_APP_ID: id,
      TEAMS_APP_TYPE: 'UserAssignedMSI',
      TEAMS_APP_PASSWORD: 'p',
      COUNTERSIGN_IDENTITY_MODE: 'email',
    });
    assert.match(issueFor(msi, 'TEAMS_APP_PASSWORD'), /must be unset/);
    assert.match(issueFor(msi, 'TEAMS_TENANT_ID'), /UserAssignedMSI/);
    assert.match(issueFor(problems({ TEAMS_APP_ID: 'not-a-guid' }), 'TEAMS_APP_ID'), /GUID/);
  });

  void test('a partial OIDC setup names every missing piece, including the session secret', () => {
    const issues = problems({
      OIDC_ISSUER_URL: 'https://id.example.com',
      COUNTERSIGN_IDENTITY_MODE: 'email',
    });
    assert.deepEqual(issues.map((i) => i.variable).sort(), [
      'OIDC_CLIENT_ID',
      'OIDC_CLIENT_SECRET',
      'SESSION_SECRET',
    ]);
    assert.match(
      issueFor(problems({ OIDC_ISSUER_URL: 'http://id.example.com' }), 'OIDC_ISSUER_URL'),
      /https/,
    );
  });

  void test('table identity mode needs a table once a chat platform is configured', () => {
    const issues = problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    assert.match(issueFor(issues, 'COUNTERSIGN_IDENTITY_TABLE_FILE'), /COUNTERSIGN_IDENTITY_MODE=email/);
    assert.match(
      issueFor(problems({ COUNTERSIGN_EMAIL_USERNAME_PREFIX: 'oidc:' }), 'COUNTERSIGN_EMAIL_USERNAME_PREFIX'),
      /email/,
    );
  });

  void test('Sentinel needs its name and a host:port list', () => {
    assert.match(
      issueFor(problems({ REDIS_SENTINELS: 's0:26379' }), 'REDIS_SENTINEL_NAME'),
      /REDIS_SENTINELS/,
    );
    const bad = problems({ REDIS_SENTINELS: 's0', REDIS_SENTINEL_NAME: 'mymaster' });
    assert.match(issueFor(bad, 'REDIS_SENTINELS'), /host:port/);
  });

  void test('REDIS_TLS_CA_PATH needs rediss:// and a readable PEM certificate; its text reaches the Redis config', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const files = (path: string) =>
      path === '/ca.pem' ? pem : path === '/notes.txt' ? 'hello' : noFiles(path, 'utf8');
    assert.match(
      issueFor(problems({ REDIS_TLS_CA_PATH: '/ca.pem' }, files), 'REDIS_TLS_CA_PATH'),
      /needs a rediss:\/\/ REDIS_URL/,
    );
    const tls = { REDIS_URL: 'rediss://redis.internal:6380' };
    assert.match(
      issueFor(problems({ ...tls, REDIS_TLS_CA_PATH: '/missing.pem' }, files), 'REDIS_TLS_CA_PATH'),
      /cannot read file \/missing\.pem \(no such file\)/,
    );
    assert.match(
      issueFor(problems({ ...tls, REDIS_TLS_CA_PATH: '/notes.txt' }, files), 'REDIS_TLS_CA_PATH'),
      /\/notes\.txt holds no PEM certificate/,
    );
    assert.equal(loadConfig({ ...tls, REDIS_TLS_CA_PATH: '/ca.pem' }, files).redis.tlsCa, pem);
    assert.equal(loadConfig(tls, noFiles).redis.tlsCa, undefined);
  });

  void test('the default cluster must be one of the listed clusters', () => {
    const issues = problems({ COUNTERSIGN_CLUSTERS: 'prod=a,staging=b', COUNTERSIGN_DEFAULT_CLUSTER: 'dev' });
    assert.match(issueFor(issues, 'COUNTERSIGN_DEFAULT_CLUSTER'), /prod, staging/);
    assert.match(issueFor(problems({ COUNTERSIGN_CLUSTERS: 'prod,prod' }), 'COUNTERSIGN_CLUSTERS'), /twice/);
  });

  void test('dev users are refused off loopback and next to OIDC; a public host needs PUBLIC_BASE_URL', () => {
    const issues = problems({ COUNTERSIGN_DEV_USERS: 'alice=sre', HTTP_HOST: '0.0.0.0' });
    assert.match(issueFor(issues, 'COUNTERSIGN_DEV_USERS'), /loopback/);
    assert.match(issueFor(issues, 'PUBLIC_BASE_URL'), /HTTP_HOST/);
    const published = problems({
      COUNTERSIGN_DEV_USERS: 'alice=sre',
      PUBLIC_BASE_URL: 'https://countersign.example.com',
    });
    assert.match(issueFor(published, 'COUNTERSIGN_DEV_USERS'), /PUBLIC_BASE_URL must be a loopback address/);
    assert.equal(
      loadConfig({ COUNTERSIGN_DEV_USERS: 'alice', PUBLIC_BASE_URL: 'http://localhost:3000' }, noFiles)
        .console.devUsers?.length,
      1,
    );
    const withOidc = problems({ ...loopbackOidc(), COUNTERSIGN_DEV_USERS: 'alice' });
    assert.match(issueFor(withOidc, 'COUNTERSIGN_DEV_USERS'), /OIDC_ISSUER_URL/);
    const ok = loadConfig({ COUNTERSIGN_DEV_USERS: 'alice=sre+oncall, bob' }, noFiles);
    assert.deepEqual(ok.console.devUsers, [
      { username: 'alice', groups: ['sre', 'oncall'] },
      { username: 'bob', groups: [] },
    ]);
  });

  void test('an unknown COUNTERSIGN_ variable is an error suggesting the closest name', () => {
    const issues = problems({ COUNTERSIGN_POLCY_FILE: 'p.yaml', COUNTERSIGN_WHATEVER: 'x' });
    assert.match(issueFor(issues, 'COUNTERSIGN_POLCY_FILE'), /did you mean COUNTERSIGN_POLICY_FILE\?/);
    assert.match(issueFor(issues, 'COUNTERSIGN_WHATEVER'), /not a known setting/);
    assert.doesNotMatch(issueFor(issues, 'COUNTERSIGN_WHATEVER'), /did you mean/);
  });

  void test('COUNTERSIGN_CACHE, read by the build and sandbox scripts, is not refused as an unknown setting', () => {
    assert.deepEqual(
      loadConfig({ COUNTERSIGN_CACHE: '/home/dev/.cache/countersign' }, noFiles),
      loadConfig({}, noFiles),
    );
    assert.match(
      issueFor(problems({ COUNTERSIGN_CACHES: 'x' }), 'COUNTERSIGN_CACHES'),
      /not a known setting/,
    );
  });

  void test('Kubernetes service-link variables for a countersign Service are not settings', () => {
    const config = loadConfig(
      {
        COUNTERSIGN_SERVICE_HOST: '10.96.0.12',
        COUNTERSIGN_SERVICE_PORT: '8080',
        COUNTERSIGN_SERVICE_PORT_HTTP: '8080',
        COUNTERSIGN_PORT: 'tcp://10.96.0.12:8080',
        COUNTERSIGN_PORT_8080_TCP: 'tcp://10.96.0.12:8080',
        COUNTERSIGN_PORT_8080_TCP_PROTO: 'tcp',
        COUNTERSIGN_PORT_8080_TCP_PORT: '8080',
        COUNTERSIGN_PORT_8080_TCP_ADDR: '10.96.0.12',
      },
      noFiles,
    );
    assert.equal(config.http.port, 8080);
    assert.match(issueFor(problems({ COUNTERSIGN_HTTP_PORT: '8080' }), 'COUNTERSIGN_HTTP_PORT'), /known/);
  });
});

function loopbackOidc(): NodeJS.ProcessEnv {
  return {
    OIDC_ISSUER_URL: 'http://127.0.0.1:4000',
    OIDC_CLIENT_ID: 'c',
    OIDC_CLIENT_SECRET: 's',
    SESSION_SECRET: 'x'.repeat(32),
    COUNTERSIGN_IDENTITY_MODE: 'email',
  };
}
