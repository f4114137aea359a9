import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { AuditEventOf } from '../../../src/core/audit/audit-event.ts';
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

/**
 * The audit chain's refused foreign deliveries, once one of them satisfies `until` (the
 * audit follows the ack); generous deadline, to catch a hang only.
 */
async function auditedRefusals(
  until: (event: AuditEventOf<'refused'>) => boolean,
): Promise<AuditEventOf<'refused'>[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found: AuditEventOf<'refused'>[] = [];
    for await (const { event } of stack.workflow.audit.readAll()) {
      if (event.type === 'refused' && event.details.action === 'deliver') found.push(event);
    }
    if (found.some(until)) return found;
    if (Date.now() > deadline) throw new Error(`no such refusal audited: ${JSON.stringify(found)}`);
    await sleep(50);
  }
}

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

  void test('a signed command from another workspace is acknowledged, refused before any listener, logged and audited once', async () => {
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
    const [audited] = await auditedRefusals(() => true);
    assert.equal(audited?.requestId, '');
    assert.equal(audited?.actor, 'unmapped');
    assert.deepEqual(audited?.actorId, { platform: 'slack', userId: PEOPLE.alice.id });
    assert.deepEqual(
      { code: audited?.details.code, platform: audited?.details.platform, origin: audited?.details.origin },
      { code: 'foreign_workspace', platform: 'slack', origin: { team: 'T0FOREIGN' } },
    );
    // Slack retries the same delivery up to three times: each is refused and logged, none is audited again.
    for (const retryNum of [1, 2]) assert.equal((await stack.send(request, { retryNum })).status, 200);
    assert.equal(refusals().length, 3);
    // A later command from the right workspace is answered; the refused one never is.
    const next = await typeCommand(stack, PEOPLE.alice.id, 'whoami');
    await next.reply();
    assert.equal(stack.fake.responses.filter((r) => responseUrl.endsWith(`/${r.id}`)).length, 0);
  });

  void test('a click by a user of another workspace (a Slack Connect channel) is refused, logged and audited', async () => {
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
    // Appends go out in order on one connection: once this one is in, the earlier retries' would be too.
    const audited = await auditedRefusals((event) => event.details.origin?.userTeam === 'T0FOREIGN');
    assert.equal(audited.length, 2, 'one per foreign sender and origin: the retries were not audited');
    assert.deepEqual(audited[1]?.actorId, { platform: 'slack', userId: PEOPLE.bob.id });
    assert.deepEqual(audited[1]?.details.origin, { team: stack.fake.teamId, userTeam: 'T0FOREIGN' });
  });
});
