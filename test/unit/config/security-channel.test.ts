import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../../src/config/load.ts';
import { issueFor, noFiles, problems } from './fixtures.ts';

const slack = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
  SLACK_SIGNING_SECRET: 's',
  COUNTERSIGN_IDENTITY_MODE: 'email',
};
const teams = {
  TEAMS_APP_ID: '0b9d2c1e-5a4f-4c3b-9e8d-7f6a5b4c3d2e',
  TEAMS_TENANT_ID: '11111111-2222-4333-8444-555555555555',
  TEAMS_APP_PASSWORD: 'p',
  COUNTERSIGN_IDENTITY_MODE: 'email',
};

describe('break-glass security channels', () => {
  test('are read per platform, by name or ID', () => {
    assert.equal(
      loadConfig({ ...slack, SLACK_SECURITY_CHANNEL: '#security-alerts' }, noFiles).slack?.securityChannel,
      '#security-alerts',
    );
    assert.equal(
      loadConfig({ ...slack, SLACK_SECURITY_CHANNEL: 'C0123456789' }, noFiles).slack?.securityChannel,
      'C0123456789',
    );
    const channel = '19:abc123def@thread.tacv2';
    assert.equal(
      loadConfig({ ...teams, TEAMS_SECURITY_CHANNEL: channel }, noFiles).teams?.securityChannel,
      channel,
    );
  });

  test('are absent unless set', () => {
    assert.equal(loadConfig(slack, noFiles).slack?.securityChannel, undefined);
    assert.equal(loadConfig(teams, noFiles).teams?.securityChannel, undefined);
  });

  test('a malformed channel is named with an example', () => {
    assert.match(
      issueFor(problems({ ...slack, SLACK_SECURITY_CHANNEL: '#Security Alerts' }), 'SLACK_SECURITY_CHANNEL'),
      /#security-alerts/,
    );
    assert.match(
      issueFor(problems({ ...teams, TEAMS_SECURITY_CHANNEL: 'security' }), 'TEAMS_SECURITY_CHANNEL'),
      /19:abc123@thread\.tacv2/,
    );
  });

  test('without its platform configured is an error naming what is missing', () => {
    assert.match(
      issueFor(problems({ SLACK_SECURITY_CHANNEL: '#security' }), 'SLACK_BOT_TOKEN'),
      /SLACK_SECURITY_CHANNEL/,
    );
    assert.match(
      issueFor(problems({ TEAMS_SECURITY_CHANNEL: '19:a@thread.tacv2' }), 'TEAMS_APP_ID'),
      /TEAMS_SECURITY_CHANNEL/,
    );
  });
});
