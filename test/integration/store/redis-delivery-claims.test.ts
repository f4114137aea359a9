import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { RedisDeliveryClaims } from '../../../src/adapters/store/redis-delivery-claims.ts';
import { connect, freshPrefix, redisPerFile } from './fixtures.ts';

let redis: Redis;
let url: string;
redisPerFile((connection, serverUrl) => {
  redis = connection;
  url = serverUrl;
});

describe('RedisDeliveryClaims', () => {
  test('the first replica claims a delivery; a second replica, or a retry, finds it taken until it is released', async () => {
    const prefix = freshPrefix();
    const replicaA = new RedisDeliveryClaims(redis, prefix);
    const other = connect(url);
    const replicaB = new RedisDeliveryClaims(other, prefix);
    try {
      assert.equal(await replicaA.claim('t:1234.5678'), true);
      assert.equal(await replicaB.claim('t:1234.5678'), false, 'another replica drops the repeat');
      assert.equal(await replicaA.claim('t:1234.5678'), false, 'a retry on the same replica too');
      assert.equal(await replicaB.claim('e:Ev01'), true, 'other deliveries are their own');
      await replicaA.release('t:1234.5678');
      assert.equal(await replicaB.claim('t:1234.5678'), true, 'a released delivery is handled on redelivery');
      const ttl = await redis.pttl(`${prefix}:slack:delivery:e:Ev01`);
      assert.ok(ttl > 0 && ttl <= 5 * 60_000, `claims expire within Slack's replay window (pttl ${ttl})`);
    } finally {
      await other.quit();
    }
  });
});
