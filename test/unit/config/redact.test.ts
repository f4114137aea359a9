import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../../src/config/load.ts';
import { REDACTED, SECRET_CONFIG_PATHS, redactConfig, secretValues } from '../../../src/config/redact.ts';
import { FULL_ENV, SECRETS, noFiles } from './fixtures.ts';

void describe('redactConfig', () => {
  const config = loadConfig(FULL_ENV, noFiles);

  void test('hides every secret setting, however it is escaped', () => {
    const printed = JSON.stringify(redactConfig(config));
    for (const [name, secret] of Object.entries(SECRETS)) {
      assert.ok(!printed.includes(secret), `${name} leaked`);
      assert.ok(!printed.includes(JSON.stringify(secret).slice(1, -1)), `${name} leaked escaped`);
    }
    assert.equal(printed.split(REDACTED).length - 1, SECRET_CONFIG_PATHS.length);
  });

  void test('keeps everything that is not secret, and leaves the original untouched', () => {
    const redacted = redactConfig(config);
    assert.equal(redacted.slack?.botToken, REDACTED);
    assert.equal(redacted.oidc?.clientId, 'countersign');
    assert.deepEqual(redacted.kubernetes, config.kubernetes);
    assert.equal(config.slack?.botToken, SECRETS.SLACK_BOT_TOKEN);
  });

  void test('does not invent secrets that are not set', () => {
    const redacted = redactConfig(loadConfig({}, noFiles));
    assert.ok(!JSON.stringify(redacted).includes(REDACTED));
  });

  void test('secretValues returns every configured secret value', () => {
    assert.deepEqual(secretValues(config).sort(), Object.values(SECRETS).sort());
  });
});
