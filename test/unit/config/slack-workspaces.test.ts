import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../../src/config/load.ts';
import { issueFor, noFiles, problems } from './fixtures.ts';

const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', COUNTERSIGN_IDENTITY_MODE: 'email' };

void describe('SLACK_ALLOWED_WORKSPACES', () => {
  void test('is absent unless set (the bot token’s own workspace is served), and lists T… and E… IDs', () => {
    assert.equal(loadConfig(slack, noFiles).slack?.allowedWorkspaces, undefined);
    const config = loadConfig({ ...slack, SLACK_ALLOWED_WORKSPACES: 'T0123ABCD, E0ORG0001' }, noFiles);
    assert.deepEqual(config.slack?.allowedWorkspaces, ['T0123ABCD', 'E0ORG0001']);
  });

  void test('refuses what is not a workspace or organization ID, and needs Slack', () => {
    const issues = problems({ ...slack, SLACK_ALLOWED_WORKSPACES: 'T0123ABCD,acme.slack.com' });
    assert.match(issueFor(issues, 'SLACK_ALLOWED_WORKSPACES'), /"acme\.slack\.com" is not a Slack workspace/);
    const alone = problems({ SLACK_ALLOWED_WORKSPACES: 'T0123ABCD', COUNTERSIGN_IDENTITY_MODE: 'email' });
    assert.match(issueFor(alone, 'SLACK_BOT_TOKEN'), /SLACK_ALLOWED_WORKSPACES is set/);
  });
});
