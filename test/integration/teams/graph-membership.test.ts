import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { GraphMembership } from '../../../src/adapters/entra/graph-membership.ts';
import { createMsalApp } from '../../../src/adapters/entra/msal-app.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { startFakeTeams, type FakeTeams } from '../../fakes/fake-teams/fake-teams.ts';
import { SECURITY_GROUP, TEAMS_PEOPLE } from './teams-stack.ts';

const logger = pino({ level: 'silent' });
let fake: FakeTeams;
let now = 0;
let membership: GraphMembership;
/** A client with its own answer cache and the real clock, so each test below asks Graph afresh. */
let fresh: () => GraphMembership;
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
  const token = async (): Promise<string> =>
    (await msal.acquireTokenByClientCredential({ scopes: [`${new URL(config.graphUrl).origin}/.default`] }))
      ?.accessToken ?? '';
  membership = new GraphMembership({ graphUrl: config.graphUrl, logger, now: () => now, token });
  fresh = () => new GraphMembership({ graphUrl: config.graphUrl, logger, token });
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

void describe(
  'GraphMembership when Graph nests groups, throttles, fails or goes quiet',
  { timeout: 60_000 },
  () => {
    const NESTED = '5ec0a11d-0000-4000-8000-0000000000a2';
    const DEEPER = '5ec0a11d-0000-4000-8000-0000000000a3';
    const { carol, bob, alice } = TEAMS_PEOPLE;
    const callsFrom = (start: number) => fake.graph.calls.slice(start);

    void test('a member of a group nested in the approver group, at any depth, is a member', async () => {
      fake.graph.setMembers(DEEPER, [bob.aadObjectId]);
      fake.graph.setMembers(NESTED, [carol.aadObjectId, DEEPER]);
      fake.graph.setMembers(SECURITY_GROUP, [TEAMS_PEOPLE.dave.aadObjectId, NESTED]);
      const client = fresh();
      assert.equal(await client.isMember(teamsPerson(carol.aadObjectId), group), true, 'one level down');
      assert.equal(await client.isMember(teamsPerson(bob.aadObjectId), group), true, 'two levels down');
      assert.equal(await client.isMember(teamsPerson(alice.aadObjectId), group), false, 'in no group');
    });

    void test('429 with Retry-After: asked again after the interval Graph names, and the answer counts', async () => {
      const start = fake.graph.calls.length;
      fake.graph.faults.next({ kind: 'throttle', retryAfterSeconds: 1 });
      assert.equal(await fresh().isMember(teamsPerson(carol.aadObjectId), group), true);
      const calls = callsFrom(start);
      assert.deepEqual(
        calls.map((c) => c.status),
        [429, 200],
      );
      assert.ok(
        calls[1]!.at - calls[0]!.at >= 1_000,
        `asked again ${calls[1]!.at - calls[0]!.at} ms after the 429`,
      );
    });

    void test('a Retry-After longer than a click may wait fails at once, naming the wait', async () => {
      const start = fake.graph.calls.length;
      fake.graph.faults.next({ kind: 'throttle', retryAfterSeconds: 30 });
      await assert.rejects(
        fresh().isMember(teamsPerson(carol.aadObjectId), group),
        /Microsoft Graph answered 429 to checkMemberGroups for group security and asked to retry in 30 s, longer than a click may wait/,
      );
      assert.equal(callsFrom(start).length, 1);
    });

    void test('a 503 is retried; a 500 that does not pass fails after three attempts, naming the status', async () => {
      let start = fake.graph.calls.length;
      fake.graph.faults.next({ kind: 'server-error', status: 503 });
      assert.equal(await fresh().isMember(teamsPerson(carol.aadObjectId), group), true);
      assert.deepEqual(
        callsFrom(start).map((c) => c.status),
        [503, 200],
      );
      start = fake.graph.calls.length;
      fake.graph.faults.always({ kind: 'server-error', status: 500 });
      try {
        await assert.rejects(
          fresh().isMember(teamsPerson(carol.aadObjectId), group),
          /Microsoft Graph answered 500 to checkMemberGroups for group security 3 times/,
        );
      } finally {
        fake.graph.faults.clear();
      }
      assert.deepEqual(
        callsFrom(start).map((c) => c.status),
        [500, 500, 500],
      );
    });

    void test('a call left unanswered fails after five seconds, naming the silence, and is closed', async () => {
      fake.graph.faults.next({ kind: 'hang' });
      await assert.rejects(
        fresh().isMember(teamsPerson(carol.aadObjectId), group),
        /Microsoft Graph did not answer checkMemberGroups for group security within 5 s/,
      );
      const hung = fake.graph.faults.faulted.at(-1);
      assert.equal(hung?.fault.kind, 'hang');
      await hung?.closedByClient;
    });
  },
);
