import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExpiringCache } from '../../../../src/adapters/cache/expiring-cache.ts';

/** A loader that counts its calls and answers `key:call`. */
function counting() {
  const calls: string[] = [];
  const load = (key: string) => () => {
    calls.push(key);
    return Promise.resolve(`${key}:${calls.length}`);
  };
  return { calls, load };
}

test('a value is reused until ttlMs has passed by the given clock, even a clock that starts at 0', async () => {
  let now = 0;
  const cache = new ExpiringCache<string, string>({ ttlMs: 5_000, max: 10, now: () => now });
  const { calls, load } = counting();
  assert.equal(await cache.get('a', load('a')), 'a:1');
  now = 4_999;
  assert.equal(await cache.get('a', load('a')), 'a:1', 'still fresh 1 ms before ttlMs');
  now = 5_000;
  assert.equal(await cache.get('a', load('a')), 'a:2', 'gone at ttlMs');
  assert.deepEqual(calls, ['a', 'a']);
});

test('at most max entries are kept; the least recently used goes first', async () => {
  const cache = new ExpiringCache<string, string>({ ttlMs: 60_000, max: 2, now: () => 1 });
  const { calls, load } = counting();
  await cache.get('a', load('a'));
  await cache.get('b', load('b'));
  await cache.get('a', load('a'));
  await cache.get('c', load('c'));
  await cache.get('a', load('a'));
  await cache.get('b', load('b'));
  assert.deepEqual(calls, ['a', 'b', 'c', 'b'], 'b, least recently used, made room for c');
});

test('concurrent lookups of one key share one load; a failed load is not kept', async () => {
  const cache = new ExpiringCache<string, string>({ ttlMs: 60_000, max: 10, now: () => 1 });
  let release: (value: string) => void = () => undefined;
  let loads = 0;
  const slow = () => {
    loads++;
    return new Promise<string>((resolve) => (release = resolve));
  };
  const both = Promise.all([cache.get('a', slow), cache.get('a', slow)]);
  release('shared');
  assert.deepEqual(await both, ['shared', 'shared']);
  assert.equal(loads, 1);

  await assert.rejects(
    cache.get('b', () => Promise.reject(new Error('Slack is down'))),
    /Slack is down/,
  );
  assert.equal(await cache.get('b', () => Promise.resolve('asked again')), 'asked again');
});

test('set replaces a value and starts its lifetime again from now', async () => {
  let now = 0;
  const cache = new ExpiringCache<string, string>({ ttlMs: 5_000, max: 10, now: () => now });
  const { calls, load } = counting();
  assert.equal(await cache.get('a', load('a')), 'a:1');
  now = 3_000;
  cache.set('a', 'set at 3000');
  now = 7_999;
  assert.equal(await cache.get('a', load('a')), 'set at 3000', 'kept until 5 s after the set');
  now = 8_000;
  assert.equal(await cache.get('a', load('a')), 'a:2');
  assert.deepEqual(calls, ['a', 'a']);
});

test('peek gives a fresh cached value and loads nothing', async () => {
  let now = 0;
  const cache = new ExpiringCache<string, string>({ ttlMs: 5_000, max: 10, now: () => now });
  assert.equal(cache.peek('a'), undefined);
  await cache.get('a', () => Promise.resolve('loaded'));
  assert.equal(cache.peek('a'), 'loaded');
  now = 5_000;
  assert.equal(cache.peek('a'), undefined, 'gone at ttlMs');
});
