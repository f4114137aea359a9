import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { createRedis } from '../../../src/adapters/store/create-redis.ts';
import type { RedisConfig } from '../../../src/config/config.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { startSentinel, type RedisSentinel } from '../../harness/redis-sentinel.ts';

let server: RedisServer;
let sentinel: RedisSentinel;
const opened: Redis[] = [];

function open(target: string | RedisConfig): Redis {
  const redis = createRedis(target);
  redis.on('error', () => undefined);
  opened.push(redis);
  return redis;
}

before(async () => {
  server = await startRedis();
  sentinel = await startSentinel(server.port);
});

after(async () => {
  await Promise.all(opened.map((redis) => redis.quit()));
  await sentinel.stop();
  await server.stop();
});

describe('createRedis', () => {
  test('connects from a URL and names the connection', async () => {
    const redis = open(server.url);
    assert.equal(await redis.ping(), 'PONG');
    assert.equal(await redis.client('GETNAME'), 'countersign');
  });

  test('honours the database of a configured URL', async () => {
    const redis = open({ url: `${server.url}/3`, keyPrefix: 'cs' });
    await redis.set('in-db-3', 'yes');
    const plain = open(server.url);
    assert.equal(await plain.get('in-db-3'), null);
    await plain.select(3);
    assert.equal(await plain.get('in-db-3'), 'yes');
  });

  test('with sentinels configured, asks Sentinel for the primary and writes there', async () => {
    const redis = open({
      url: 'redis://unused.invalid:6390/2',
      keyPrefix: 'cs',
      sentinel: { name: sentinel.name, nodes: [{ host: '127.0.0.1', port: sentinel.port }] },
    });
    await redis.set('via-sentinel', 'yes');
    const direct = open(`${server.url}/2`);
    assert.equal(await direct.get('via-sentinel'), 'yes');
  });
});
