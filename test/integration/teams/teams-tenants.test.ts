import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { AuditEventOf } from '../../../src/core/audit/audit-event.ts';
import { RedisConversationStore } from '../../../src/adapters/store/redis-conversation-store.ts';
import { CARD_VERBS } from '../../../src/adapters/teams/render/card-verbs.ts';
import { messageFrom, personalInstall } from '../../fakes/fake-teams/teams-activities.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { typeInChat } from './teams-gestures.ts';
import { startTeamsStack, TEAMS_PEOPLE, type TeamsStack } from './teams-stack.ts';

let redis: RedisServer;
let stack: TeamsStack;
let conversations: RedisConversationStore;
const { alice, mallory } = TEAMS_PEOPLE;
/** Every line the surface logged, parsed. */
const logged: Record<string, unknown>[] = [];
const refusals = () =>
  logged.filter((line) => line.msg === 'Teams activity from a tenant not allowed refused');

/** `activity` as if sent from `tenants.conversation` / `tenants.channelData` (absent: no such field). */
function fromTenants(
  activity: Record<string, unknown>,
  tenants: { conversation?: string; channelData?: string },
): Record<string, unknown> {
  const conversation = { ...(activity.conversation as Record<string, unknown>) };
  delete conversation.tenantId;
  const channelData = { ...(activity.channelData as Record<string, unknown>) };
  delete channelData.tenant;
  return {
    ...activity,
    conversation: { ...conversation, ...(tenants.conversation ? { tenantId: tenants.conversation } : {}) },
    channelData: { ...channelData, ...(tenants.channelData ? { tenant: { id: tenants.channelData } } : {}) },
  };
}

/** The audit chain's refused foreign activities, once one satisfies `until`; generous deadline, to catch a hang only. */
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
  // A MultiTenant app (tokens from the Bot Framework's tenant) serving the fake's tenant by allow-list.
  stack = await startTeamsStack({ redis, cluster: new RecordingCluster(), logger, multiTenant: true });
  conversations = new RedisConversationStore(stack.composed.redis, stack.keyPrefix);
});

after(async () => {
  await stack?.stop();
  await redis?.stop();
});

void describe('Teams tenant allow-list, MultiTenant app (issue 15 item 7)', () => {
  void test('an activity from the allowed tenant is served', async () => {
    const chat = stack.fake.connector.addPersonalChat(alice);
    const reply = await typeInChat(stack, alice, chat, 'whoami');
    assert.match(reply, /alice/);
    assert.ok(await conversations.personalFor(alice.aadObjectId));
  });

  void test('a message from another tenant is refused: no answer, nothing stored, a warning and one audit event naming the tenant and sender', async () => {
    const foreign = randomUUID();
    const chat = stack.fake.connector.addPersonalChat(mallory);
    const before = refusals().length;
    for (const activity of [
      personalInstall(stack.fake, mallory, chat),
      messageFrom(stack.fake, mallory, 'whoami', { personal: chat }),
    ]) {
      const answer = await stack.fake.deliver(
        fromTenants(activity, { conversation: foreign, channelData: foreign }),
      );
      assert.equal(answer.status, 200);
    }
    assert.deepEqual(stack.fake.connector.messagesIn(chat), []);
    assert.equal(await conversations.personalFor(mallory.aadObjectId), undefined);
    const warnings = refusals().slice(before);
    assert.equal(warnings.length, 2);
    assert.deepEqual(warnings[0]?.tenants, [foreign]);
    assert.equal(warnings[0]?.from, mallory.aadObjectId);
    assert.equal(warnings[0]?.level, 40);
    // Audited once for the sender and tenant: the second activity is only logged.
    const audited = await auditedRefusals((event) => event.actorId?.userId === mallory.aadObjectId);
    const mine = audited.filter((event) => event.actorId?.userId === mallory.aadObjectId);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]?.actor, 'unmapped');
    assert.equal(mine[0]?.requestId, '');
    assert.deepEqual(
      { code: mine[0]?.details.code, platform: mine[0]?.details.platform, origin: mine[0]?.details.origin },
      { code: 'foreign_tenant', platform: 'teams', origin: { tenants: [foreign] } },
    );
  });

  void test('a card click is refused with 403 when any tenant it names is not allowed, or it names none', async () => {
    const chat = stack.fake.connector.addPersonalChat(mallory);
    const click = {
      ...personalInstall(stack.fake, mallory, chat),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: CARD_VERBS.approve, data: {} }, trigger: 'manual' },
    };
    const foreign = randomUUID();
    const cases = {
      'another tenant': { conversation: foreign, channelData: foreign },
      'the allowed tenant in the conversation, another in the channel data': {
        conversation: stack.fake.tenantId,
        channelData: foreign,
      },
      'no tenant at all': {},
    };
    for (const [why, tenants] of Object.entries(cases)) {
      const answer = await stack.fake.deliver(fromTenants(click, tenants));
      assert.equal(answer.status, 403, why);
      assert.equal((answer.body as { value: { code: string } }).value.code, 'Forbidden', why);
    }
    const allowed = await stack.fake.deliver(
      fromTenants(click, {
        conversation: stack.fake.tenantId.toUpperCase(),
        channelData: stack.fake.tenantId,
      }),
    );
    assert.notEqual(allowed.status, 403, 'the allowed tenant, whatever its case, is served');
    const audited = await auditedRefusals((event) => event.details.origin?.tenants?.length === 0);
    const origins = audited
      .filter((e) => e.actorId?.userId === mallory.aadObjectId)
      .map((e) => e.details.origin);
    for (const tenants of [[foreign], [stack.fake.tenantId, foreign], []]) {
      assert.ok(
        origins.some((o) => JSON.stringify(o) === JSON.stringify({ tenants })),
        JSON.stringify(tenants),
      );
    }
  });
});
