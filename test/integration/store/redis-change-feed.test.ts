import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { createRedis } from '../../../src/adapters/store/create-redis.ts';
import { RedisChangeFeed } from '../../../src/adapters/store/redis-change-feed.ts';
import type { RequestChange } from '../../../src/core/ports/change-feed.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';

/** Resolves with the first change `feed` hears that `match` accepts. */
function next(
  heard: RequestChange[],
  match: (c: RequestChange) => boolean,
  timeoutMs = 10_000,
): Promise<RequestChange> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      const found = heard.find(match);
      if (found) return resolve(found);
      if (Date.now() - started > timeoutMs) return reject(new Error('no matching change heard'));
      setTimeout(poll, 20);
    };
    poll();
  });
}

describe('RedisChangeFeed', () => {
  let server: RedisServer;
  let a: Redis;
  let b: Redis;
  before(async () => {
    server = await startRedis();
    a = createRedis(server.url);
    b = createRedis(server.url);
  });
  after(async () => {
    await a.quit();
    await b.quit();
    await server.stop();
  });

  test('a change published by one process reaches every subscribed replica; foreign messages are ignored', async () => {
    const worker = new RedisChangeFeed(a, { keyPrefix: 'cs' });
    const replica1 = new RedisChangeFeed(b, { keyPrefix: 'cs' });
    const replica2 = new RedisChangeFeed(b, { keyPrefix: 'cs' });
    const other = new RedisChangeFeed(b, { keyPrefix: 'other' });
    const heard: Record<string, RequestChange[]> = { r1: [], r2: [], other: [] };
    const stop1 = await replica1.subscribe((c) => heard.r1!.push(c));
    await replica2.subscribe((c) => heard.r2!.push(c));
    await other.subscribe((c) => heard.other!.push(c));

    await a.publish(worker.channel, 'not json');
    await a.publish(worker.channel, JSON.stringify({ kind: 'changed', requestId: 7 }));
    await worker.publish({ kind: 'changed', requestId: 'cs-aaaaaaaaaa', version: 3 });
    const expected = { kind: 'changed', requestId: 'cs-aaaaaaaaaa', version: 3 };
    assert.deepEqual(await next(heard.r1!, () => true), expected);
    assert.deepEqual(await next(heard.r2!, () => true), expected);
    assert.equal(heard.r1!.length, 1, 'malformed messages were dropped');
    assert.equal(heard.other!.length, 0, 'another key prefix is another install');

    stop1();
    await worker.publish({ kind: 'expiring', requestId: 'cs-bbbbbbbbbb', version: 9 });
    await next(heard.r2!, (c) => c.kind === 'expiring');
    assert.equal(heard.r1!.length, 1, 'an unsubscribed listener hears nothing more');
    await Promise.all([replica1.close(), replica2.close(), other.close(), worker.close()]);
  });

  test('after Redis restarts, subscribers get a resync and hear later changes', async () => {
    const feed = new RedisChangeFeed(b, { keyPrefix: 'cs' });
    const heard: RequestChange[] = [];
    await feed.subscribe((c) => heard.push(c));
    await server.restart();
    await next(heard, (c) => c.kind === 'resync', 20_000);
    await a.ping();
    const publisher = new RedisChangeFeed(a, { keyPrefix: 'cs' });
    await publisher.publish({ kind: 'changed', requestId: 'cs-cccccccccc', version: 1 });
    await next(heard, (c) => c.kind === 'changed' && c.requestId === 'cs-cccccccccc');
    await feed.close();
  });
});
