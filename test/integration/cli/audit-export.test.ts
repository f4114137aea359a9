import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import { COUNTERSIGN_FROM_SOURCE } from '../../harness/countersign-cli.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';

const cli = (args: string[], env: Record<string, string>, input?: string) =>
  spawnSync(process.execPath, [...COUNTERSIGN_FROM_SOURCE, ...args], {
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('countersign audit export | audit verify, and grants list, against a real Redis', () => {
  let server: RedisServer;
  let env: Record<string, string>;

  before(async () => {
    server = await startRedis();
    env = { REDIS_URL: server.url, REDIS_KEY_PREFIX: 'cli-test' };
    const redis = new Redis(server.url);
    const sink = new RedisAuditSink(redis, { keyPrefix: 'cli-test' });
    for (let i = 0; i < 5; i++) {
      await sink.append([
        {
          type: 'submitted',
          requestId: `cs-aaaaaaaaa${i}`,
          at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
          actor: 'alice@example.com',
          details: { kind: 'action', verb: 'delete', text: 'delete pod/x', cluster: 'c', reason: 'r' },
        },
      ]);
    }
    redis.disconnect();
  });
  after(() => server.stop());

  test('the export is JSON lines that verify; --since starts later; an edit is caught', () => {
    const exported = cli(['audit', 'export'], env);
    assert.equal(exported.status, 0, exported.stderr);
    const lines = exported.stdout.trim().split('\n');
    assert.equal(lines.length, 5);
    const verified = cli(['audit', 'verify', '-'], env, exported.stdout);
    assert.equal(verified.status, 0, verified.stderr);
    assert.match(verified.stdout, /ok: 5 records/);

    const since = cli(['audit', 'export', '--since', '2026-01-04T00:00:00Z'], env);
    assert.equal(since.stdout.trim().split('\n').length, 2);

    const tampered = exported.stdout.replace('delete pod/x', 'delete pod/y');
    const refused = cli(['audit', 'verify', '-'], env, tampered);
    assert.equal(refused.status, 1);
    assert.match(refused.stdout + refused.stderr, /line 1/);

    const live = cli(['audit', 'check'], env);
    assert.equal(live.status, 0, live.stderr);
    const liveJson = cli(['audit', 'check', '--json'], env);
    assert.equal(liveJson.status, 0, liveJson.stderr);
    const verdict = JSON.parse(liveJson.stdout) as { ok: boolean; count: number };
    assert.equal(verdict.ok, true);
    assert.equal(verdict.count, exported.stdout.trim().split('\n').length);
  });

  test('a bad --since and an unreachable Redis are named, not stack traces', () => {
    const bad = cli(['audit', 'export', '--since', 'yesterday'], env);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--since: "yesterday" is not a time/);
    const down = cli(['grants', 'list'], { REDIS_URL: 'redis://127.0.0.1:1' });
    assert.notEqual(down.status, 0);
    assert.doesNotMatch(down.stderr, /Unhandled error event/);
  });

  test('grants list reads the active-grant index (empty here) and says how many', () => {
    const listed = cli(['grants', 'list'], env);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stderr, /0 active grants/);
  });
});
