import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TurnContext } from 'botbuilder';
import { createBotAuthentication } from '../../../src/adapters/teams/ingress/bot-authentication.ts';
import { createMsalApp } from '../../../src/adapters/entra/msal-app.ts';
import { TeamsCloudAdapter } from '../../../src/adapters/teams/ingress/teams-cloud-adapter.ts';
import { TeamsPeople } from '../../../src/adapters/teams/ingress/teams-identity.ts';
import { parseIdentityTable } from '../../../src/core/identity/identity-table.ts';
import type { FakeTeamsUser } from '../../fakes/fake-teams/fake-teams-types.ts';
import { startFakeTeams, type FakeTeams } from '../../fakes/fake-teams/fake-teams.ts';
import { TEAM } from './teams-stack.ts';

const ERIN: FakeTeamsUser = {
  teamsId: '29:erin',
  aadObjectId: '00000000-0000-4000-8000-0000000000e1',
  name: 'Erin',
  email: 'erin@example.com',
};
/** The tenant's people; the test swaps Erin's entry to change her email in the roster. */
const users: FakeTeamsUser[] = [ERIN];
let fake: FakeTeams;
let adapter: TeamsCloudAdapter;
let chat: string;

before(async () => {
  fake = await startFakeTeams({ users, teams: [TEAM] });
  const config = fake.config();
  adapter = new TeamsCloudAdapter(
    createBotAuthentication(config, createMsalApp(config, { ca: fake.login.ca })),
  );
  chat = fake.connector.addPersonalChat(ERIN);
});

after(() => fake?.stop());

/** Runs `work` in a turn of Erin's personal chat, as a message from her would. */
async function inErinsChat<T>(work: (context: TurnContext) => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  await adapter.continueConversationAsync(
    fake.appId,
    {
      channelId: 'msteams',
      serviceUrl: fake.connector.serviceUrl,
      bot: fake.bot,
      conversation: {
        id: chat,
        isGroup: false,
        conversationType: 'personal',
        name: '',
        tenantId: fake.tenantId,
      },
    },
    async (context) => {
      context.activity.from = { id: ERIN.teamsId, aadObjectId: ERIN.aadObjectId, name: ERIN.name };
      result = { value: await work(context) };
    },
  );
  assert.ok(result, 'the turn ran');
  return result.value;
}

test('in email mode a member’s roster email is reused for a minute by the injected clock, then read again', async () => {
  let now = 0;
  const rules = { mode: 'email' as const, table: parseIdentityTable({}, 'test'), emailUsernamePrefix: '' };
  const people = new TeamsPeople(rules, () => now);
  const username = () => inErinsChat(async (context) => (await people.principalOf(context)).username);
  const asked = () => fake.connector.calls.filter((c) => c.path.endsWith(`/members/${ERIN.teamsId}`)).length;

  assert.equal(await username(), 'erin@example.com');
  users[0] = { ...ERIN, email: 'erin.new@example.com' };
  now = 59_999;
  assert.equal(await username(), 'erin@example.com', 'cached');
  assert.equal(asked(), 1);
  now = 60_000;
  assert.equal(await username(), 'erin.new@example.com', 'read again');
  assert.equal(asked(), 2);
});
