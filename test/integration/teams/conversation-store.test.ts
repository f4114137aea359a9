import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { createRedis } from '../../../src/adapters/store/create-redis.ts';
import type { StoredConversation } from '../../../src/adapters/teams/chat/conversation-store.ts';
import { RedisConversationStore } from '../../../src/adapters/store/redis-conversation-store.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';

let server: RedisServer;
let redis: Redis;
let store: RedisConversationStore;

const channel = (id: string, name: string, teamId = 'team-1'): StoredConversation => ({
  conversationId: id,
  kind: 'channel',
  serviceUrl: 'https://smba.example/',
  teamId,
  name,
  bot: { id: '28:bot' },
});

before(async () => {
  server = await startRedis();
  redis = createRedis(server.url);
  store = new RedisConversationStore(redis, 'cs-test');
});

after(async () => {
  await redis?.quit();
  await server?.stop();
});

void describe('RedisConversationStore', () => {
  void test('channels are found by ID and by name; a rename moves the name', async () => {
    await store.save(channel('19:a', 'prod-approvals'));
    await store.save(channel('19:b', 'Ops'));
    assert.equal((await store.get('19:a'))?.name, 'prod-approvals');
    assert.deepEqual(
      (await store.channelsNamed('PROD-APPROVALS')).map((c) => c.conversationId),
      ['19:a'],
    );
    await store.save(channel('19:a', 'prod-changes'));
    assert.deepEqual(await store.channelsNamed('prod-approvals'), []);
    assert.deepEqual(
      (await store.channelsNamed('prod-changes')).map((c) => c.conversationId),
      ['19:a'],
    );
  });

  void test('a personal chat is found by the person’s Entra object ID', async () => {
    await store.save({
      conversationId: 'a:1x',
      kind: 'personal',
      serviceUrl: 's',
      bot: { id: '28:bot' },
      user: { id: '29:x', aadObjectId: 'aad-x' },
    });
    assert.equal((await store.personalFor('aad-x'))?.conversationId, 'a:1x');
    await store.remove('a:1x');
    assert.equal(await store.personalFor('aad-x'), undefined);
  });

  void test('removing a team forgets its channels and their names, not other teams’', async () => {
    await store.save(channel('19:c', 'Ops', 'team-2'));
    await store.removeTeam('team-1');
    assert.equal(await store.get('19:a'), undefined);
    assert.equal(await store.get('19:b'), undefined);
    assert.deepEqual(
      (await store.channelsNamed('ops')).map((c) => c.conversationId),
      ['19:c'],
    );
  });

  void test('an entry that no longer parses reads as absent', async () => {
    await redis.hset('cs-test:teams:conv', '19:bad', '{"kind":"nonsense"}');
    assert.equal(await store.get('19:bad'), undefined);
  });
});
