import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import { RedisRequestStore } from '../../../src/adapters/store/redis-request-store.ts';
import { activateGrant } from '../../../src/core/lifecycle/activate-grant.ts';
import { enqueue } from '../../../src/core/lifecycle/enqueue.ts';
import { startExecution } from '../../../src/core/lifecycle/start-execution.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { advance as advanceTo, alice, autoApprovedAccess, bob } from '../store/fixtures.ts';
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

  test('audit verify refuses a reordered export and a duplicated line, naming where', () => {
    const lines = cli(['audit', 'export'], env).stdout.trim().split('\n');
    assert.equal(lines.length, 5);
    const reordered = [lines[0], lines[2], lines[1], lines[3], lines[4]].join('\n') + '\n';
    const swapped = cli(['audit', 'verify', '-'], env, reordered);
    assert.equal(swapped.status, 1, swapped.stdout);
    assert.match(swapped.stdout + swapped.stderr, /line 2/);
    assert.match(swapped.stdout + swapped.stderr, /seq 2 removed|out of order|moved/);
    const duplicated = [lines[0], lines[1], lines[2], lines[2], lines[3], lines[4]].join('\n') + '\n';
    const twice = cli(['audit', 'verify', '-'], env, duplicated);
    assert.equal(twice.status, 1, twice.stdout);
    assert.match(twice.stdout + twice.stderr, /line 4/);
    assert.match(twice.stdout + twice.stderr, /duplicated/);
    const dropped = [lines[0], lines[1], lines[3], lines[4]].join('\n') + '\n';
    const gap = cli(['audit', 'verify', '-'], env, dropped);
    assert.equal(gap.status, 1, gap.stdout);
    assert.match(gap.stdout + gap.stderr, /seq 3 removed/);
  });

  test('grants list shows each grant in force, soonest expiry first, and --json one object per line', async () => {
    const prefix = 'cli-grants';
    const redis = new Redis(server.url);
    const store = new RedisRequestStore(redis, { keyPrefix: prefix });
    const now = Date.now();
    const grant = async (id: string, seconds: number, requester: Principal) => {
      let record = await advanceTo(store, autoApprovedAccess(id, seconds, now, requester));
      record = await advanceTo(store, enqueue(record, now + 1));
      record = await advanceTo(store, startExecution(record, now + 2));
      return advanceTo(store, activateGrant(record, now + 3, `countersign-${id}`));
    };
    const later = await grant('cs-grantlater', 7200, alice);
    const sooner = await grant('cs-grantsoon1', 600, bob);
    redis.disconnect();
    const grantEnv = { ...env, REDIS_KEY_PREFIX: prefix };
    const listed = cli(['grants', 'list'], grantEnv);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stderr, /^2 active grants$/m);
    const rows = listed.stdout.trim().split('\n');
    assert.equal(rows.length, 2);
    assert.match(
      rows[0]!,
      /^cs-grantsoon1 {2}bob@example\.com {2}prod {2}access role\/view in prod-payments {2}until \S+ \(\d+m\d*s? left\)$/,
    );
    assert.match(rows[1]!, /^cs-grantlater {2}alice@example\.com {2}prod {2}/);
    assert.ok(rows[0]!.includes(new Date(sooner.grant!.expiresAt).toISOString()));
    const json = cli(['grants', 'list', '--json'], grantEnv);
    assert.equal(json.status, 0, json.stderr);
    const objects = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    assert.deepEqual(
      objects.map((o) => [o.id, o.grantee, o.cluster, o.expiresAt, o.binding]),
      [
        [
          'cs-grantsoon1',
          'bob@example.com',
          'prod',
          new Date(sooner.grant!.expiresAt).toISOString(),
          'countersign-cs-grantsoon1',
        ],
        [
          'cs-grantlater',
          'alice@example.com',
          'prod',
          new Date(later.grant!.expiresAt).toISOString(),
          'countersign-cs-grantlater',
        ],
      ],
    );
  });
});
