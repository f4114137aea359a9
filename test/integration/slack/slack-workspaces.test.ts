import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { blockActionsBody, slashCommandBody } from '../../fakes/fake-slack/sign-request.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { typeCommand } from './slack-gestures.ts';
import { CHANNELS, PEOPLE, startSlackStack, type SlackStack } from './slack-stack.ts';

let redis: RedisServer;
let stack: SlackStack;
/** Every line the surface logged, parsed. */
const logged: Record<string, unknown>[] = [];
const refusals = () =>
  logged.filter((line) => line.msg === 'Slack delivery from a workspace not allowed refused');

before(async () => {
  redis = await startRedis();
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>) },
  );
  stack = await startSlackStack({ redis, cluster: new RecordingCluster(), logger });
});

after(async () => {
  await stack?.stop();
  await redis?.stop();
});

void describe('Slack workspace check, real Bolt over signed HTTP (issue 15 item 7)', () => {
  void test('a command from the bot token’s own workspace is served', async () => {
    const gesture = await typeCommand(stack, PEOPLE.alice.id, 'whoami');
    assert.equal(gesture.response.status, 200);
    assert.match(JSON.stringify((await gesture.reply()).body), /alice/);
    assert.deepEqual(refusals(), []);
  });

  void test('a signed command from another workspace is acknowledged, refused before any listener, and logged', async () => {
    const responseUrl = stack.fake.responseUrl();
    const request = slashCommandBody({
      text: 'scale deployment/api --replicas 9 -n prod-payments --reason "from elsewhere"',
      userId: PEOPLE.alice.id,
      channelId: CHANNELS.dev.id,
      responseUrl,
      teamId: 'T0FOREIGN',
    });
    const response = await stack.send(request);
    assert.equal(response.status, 200);
    const [refusal] = refusals();
    assert.equal(refusal?.team, 'T0FOREIGN');
    assert.deepEqual(refusal?.allowedWorkspaces, [stack.fake.teamId]);
    assert.equal(refusal?.level, 40);
    // A later command from the right workspace is answered; the refused one never is.
    const next = await typeCommand(stack, PEOPLE.alice.id, 'whoami');
    await next.reply();
    assert.equal(stack.fake.responses.filter((r) => responseUrl.endsWith(`/${r.id}`)).length, 0);
  });

  void test('a click by a user of another workspace (a Slack Connect channel) is refused and logged', async () => {
    const before = refusals().length;
    const request = blockActionsBody({
      userId: PEOPLE.bob.id,
      actionId: 'countersign:approve',
      value: 'cs-aaaaaaaaaa',
      container: { type: 'message', channelId: CHANNELS.prod.id, messageTs: '1700000000.000100' },
      responseUrl: stack.fake.responseUrl(),
      userTeamId: 'T0FOREIGN',
    });
    const response = await stack.send(request);
    assert.equal(response.status, 200);
    const refusal = refusals()[before];
    assert.equal(refusal?.team, stack.fake.teamId);
    assert.equal(refusal?.userTeam, 'T0FOREIGN');
  });
});
