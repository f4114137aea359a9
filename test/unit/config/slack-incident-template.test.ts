import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../../src/config/load.ts';
import { issueFor, noFiles, problems } from './fixtures.ts';

const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', COUNTERSIGN_IDENTITY_MODE: 'email' };

void describe('SLACK_INCIDENT_CHANNEL_TEMPLATE', () => {
  void test('is absent from the Slack config unless set, and kept as given when valid', () => {
    assert.equal(loadConfig(slack, noFiles).slack?.incidentChannelTemplate, undefined);
    const config = loadConfig({ ...slack, SLACK_INCIDENT_CHANNEL_TEMPLATE: 'inc-{id}' }, noFiles);
    assert.equal(config.slack?.incidentChannelTemplate, 'inc-{id}');
  });

  void test('must contain {id} and only what a channel name may', () => {
    for (const bad of ['incidents', 'Inc-{id}', 'inc {id}', '{id}-{id}x#']) {
      const issues = problems({ ...slack, SLACK_INCIDENT_CHANNEL_TEMPLATE: bad });
      assert.match(issueFor(issues, 'SLACK_INCIDENT_CHANNEL_TEMPLATE'), /\{id\}/, bad);
    }
  });

  void test('without a bot token names the missing token', () => {
    const issues = problems({ SLACK_INCIDENT_CHANNEL_TEMPLATE: 'inc-{id}' });
    assert.match(issueFor(issues, 'SLACK_BOT_TOKEN'), /SLACK_INCIDENT_CHANNEL_TEMPLATE/);
  });
});
