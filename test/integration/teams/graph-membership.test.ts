import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { GraphMembership } from '../../../src/adapters/teams/entra/graph-membership.ts';
import { createMsalApp } from '../../../src/adapters/teams/entra/msal-app.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { startFakeTeams, type FakeTeams } from '../../fakes/fake-teams/fake-teams.ts';
import { SECURITY_GROUP, TEAMS_PEOPLE } from './teams-stack.ts';

const logger = pino({ level: 'silent' });
let fake: FakeTeams;
let now = 0;
let membership: GraphMembership;
const group = { name: 'security', teamsGroupId: SECURITY_GROUP, users: [] };
const teamsPerson = (aadObjectId: string): Principal => ({
  platform: 'teams',
  platformUserId: aadObjectId,
  username: 'x',
  groups: [],
});

before(async () => {
  fake = await startFakeTeams({ users: Object.values(TEAMS_PEOPLE), teams: [] });
  fake.graph.setMembers(SECURITY_GROUP, [TEAMS_PEOPLE.dave.aadObjectId]);
  const config = fake.config();
  const msal = createMsalApp(config, { ca: fake.login.ca });
  assert.ok(msal);
  membership = new GraphMembership({
    graphUrl: config.graphUrl,
    logger,
    now: () => now,
    token: async () =>
      (await msal.acquireTokenByClientCredential({ scopes: [`${new URL(config.graphUrl).origin}/.default`] }))
        ?.accessToken ?? '',
  });
});

after(() => fake?.stop());

void describe('GraphMembership against a Graph that enforces the real API’s shape', () => {
  void test('asks checkMemberGroups with an app token and believes its answer', async () => {
    assert.equal(await membership.isMember(teamsPerson(TEAMS_PEOPLE.dave.aadObjectId), group), true);
    assert.equal(await membership.isMember(teamsPerson(TEAMS_PEOPLE.mallory.aadObjectId), group), false);
    assert.deepEqual(
      fake.graph.calls.map((c) => [c.userId, c.groupIds, c.status]),
      [
        [TEAMS_PEOPLE.dave.aadObjectId, [SECURITY_GROUP], 200],
        [TEAMS_PEOPLE.mallory.aadObjectId, [SECURITY_GROUP], 200],
      ],
    );
  });

  void test('reuses an answer for five seconds only, so a removal takes effect', async () => {
    const dave = teamsPerson(TEAMS_PEOPLE.dave.aadObjectId);
    fake.graph.setMembers(SECURITY_GROUP, []);
    now += 1_000;
    assert.equal(await membership.isMember(dave, group), true, 'cached');
    now += 5_000;
    assert.equal(await membership.isMember(dave, group), false, 'asked again');
  });

  void test('a user Graph does not know is no member; people of other platforms and groups without an Entra ID are not asked', async () => {
    const before = fake.graph.calls.length;
    assert.equal(
      await membership.isMember(teamsPerson('99999999-0000-4000-8000-000000000000'), group),
      false,
    );
    assert.equal(fake.graph.calls.at(-1)?.status, 404);
    assert.equal(
      await membership.isMember({ ...teamsPerson(TEAMS_PEOPLE.dave.aadObjectId), platform: 'slack' }, group),
      false,
    );
    assert.equal(
      await membership.isMember(teamsPerson(TEAMS_PEOPLE.dave.aadObjectId), { name: 'x', users: [] }),
      false,
    );
    assert.equal(fake.graph.calls.length, before + 1);
  });

  void test('any other Graph refusal fails the check instead of guessing', async () => {
    const broken = new GraphMembership({
      graphUrl: fake.graph.graphUrl,
      logger,
      token: () => Promise.resolve('not-a-token'),
    });
    await assert.rejects(broken.isMember(teamsPerson(TEAMS_PEOPLE.carol.aadObjectId), group), /graph|401/i);
    const malformed = { ...group, teamsGroupId: 'not-a-guid' };
    await assert.rejects(membership.isMember(teamsPerson(TEAMS_PEOPLE.carol.aadObjectId), malformed), /400/);
  });
});
