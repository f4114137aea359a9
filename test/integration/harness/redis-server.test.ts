import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { createRedis } from '../../../src/adapters/store/create-redis.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';

async function withClient<T>(server: RedisServer, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = createRedis(server.url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

describe('startRedis', () => {
  test('starts private servers on distinct loopback ports, never 6379, with no RDB snapshots', async () => {
    const [a, b] = await Promise.all([startRedis(), startRedis()]);
    try {
      assert.notEqual(a.port, b.port);
      assert.notEqual(a.dir, b.dir);
      for (const server of [a, b]) {
        assert.notEqual(server.port, 6379);
        assert.equal(server.url, `redis://127.0.0.1:${server.port}`);
        await withClient(server, async (redis) => {
          assert.equal(await redis.ping(), 'PONG');
          assert.deepEqual(await redis.config('GET', 'save'), ['save', '']);
          assert.deepEqual(await redis.config('GET', 'appendonly'), ['appendonly', 'no']);
          assert.deepEqual(await redis.config('GET', 'dir'), ['dir', server.dir]);
        });
      }
      await withClient(a, (redis) => redis.set('only-in-a', '1'));
      assert.equal(await withClient(b, (redis) => redis.exists('only-in-a')), 0);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('without AOF a restart comes back empty on the same port', async () => {
    const server = await startRedis();
    try {
      await withClient(server, (redis) => redis.set('k', 'v'));
      await server.restart();
      assert.equal(await withClient(server, (redis) => redis.get('k')), null);
      assert.equal(await withClient(server, (redis) => redis.ping()), 'PONG');
    } finally {
      await server.stop();
    }
  });

  test('with AOF (fsync always) data survives both a restart and a SIGKILL', async () => {
    const server = await startRedis({ appendOnly: true });
    try {
      await withClient(server, async (redis) => {
        assert.deepEqual(await redis.config('GET', 'appendfsync'), ['appendfsync', 'always']);
        await redis.set('k', 'v1');
      });
      await server.restart();
      assert.equal(await withClient(server, (redis) => redis.get('k')), 'v1');
      await withClient(server, (redis) => redis.set('k', 'v2'));
      await server.kill();
      await assert.rejects(
        withClient(server, (redis) => redis.ping()),
        'killed means down',
      );
      await server.restart();
      assert.equal(await withClient(server, (redis) => redis.get('k')), 'v2');
    } finally {
      await server.stop();
    }
  });

  test('stop removes the temp directory it made, keeps one it was given, and is final', async () => {
    const own = await startRedis();
    await own.stop();
    assert.equal(existsSync(own.dir), false);
    await assert.rejects(own.restart(), /stopped/);

    const given = mkdtempSync(join(tmpdir(), 'countersign-given-'));
    try {
      const server = await startRedis({ dir: join(given, 'data'), appendOnly: true });
      assert.equal(server.dir, join(given, 'data'));
      await withClient(server, (redis) => redis.set('k', 'v'));
      await server.stop();
      assert.equal(existsSync(join(given, 'data')), true);
      const again = await startRedis({ dir: join(given, 'data'), appendOnly: true });
      try {
        assert.equal(
          await withClient(again, (redis) => redis.get('k')),
          'v',
          'a new server on the same dir reloads the AOF',
        );
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(given, { recursive: true, force: true });
    }
  });
});
