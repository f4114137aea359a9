import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { createSlackClient } from '../../../src/adapters/slack/chat/slack-web-client.ts';
import { SlackIdentity } from '../../../src/adapters/slack/ingress/slack-identity.ts';
import { parseIdentityTable } from '../../../src/core/identity/identity-table.ts';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack/fake-slack.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const ERIN = { id: 'UERIN00001', name: 'erin', email: 'erin@example.com' };
let fake: FakeSlack;

before(async () => {
  fake = await startFakeSlack({ users: [ERIN] });
});

after(() => fake?.stop());

test('a Slack profile is reused for a minute by the injected clock, so an email change counts after it', async () => {
  let now = 0;
  const client = createSlackClient(
    { botToken: fake.botToken, apiUrl: fake.apiUrl, mode: 'http', signingSecret: 'unused' },
    logger,
  );
  const rules = { mode: 'email' as const, table: parseIdentityTable({}, 'test'), emailUsernamePrefix: '' };
  const people = new SlackIdentity(client, rules, () => now);
  const asked = () => fake.calls.filter((c) => c.method === 'users.info').length;

  assert.equal((await people.principalOf(ERIN.id)).username, 'erin@example.com');
  fake.addUser({ ...ERIN, email: 'erin.new@example.com' });
  now = 59_999;
  assert.equal((await people.principalOf(ERIN.id)).username, 'erin@example.com', 'cached');
  assert.equal(asked(), 1);
  now = 60_000;
  assert.equal((await people.principalOf(ERIN.id)).username, 'erin.new@example.com', 'asked again');
  assert.equal(asked(), 2);
});
