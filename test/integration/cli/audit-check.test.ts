import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import type { AuditRecord } from '../../../src/core/audit/audit-record.ts';
import { COUNTERSIGN_FROM_SOURCE } from '../../harness/countersign-cli.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';

const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [...COUNTERSIGN_FROM_SOURCE, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

async function appendFive(redis: Redis, keyPrefix: string, count = 5): Promise<AuditRecord[]> {
  const sink = new RedisAuditSink(redis, { keyPrefix });
  const written: AuditRecord[] = [];
  for (let i = 0; i < count; i++) {
    written.push(
      ...(await sink.append([
        {
          type: 'submitted',
          requestId: `cs-tailtail${i}`,
          at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
          actor: 'alice@example.com',
          details: { kind: 'action', verb: 'delete', text: 'delete pod/x', cluster: 'c', reason: 'r' },
        },
      ])),
    );
  }
  return written;
}

describe('countersign audit check finds a missing tail, against a real Redis', () => {
  let server: RedisServer;
  let redis: Redis;

  before(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
  });
  after(async () => {
    redis.disconnect();
    await server.stop();
  });

  test('append 5, XDEL the last 2: check exits 1 naming the missing tail and the requests whose records are gone', async () => {
    const env = { REDIS_URL: server.url, REDIS_KEY_PREFIX: 'tail-cut' };
    await appendFive(redis, 'tail-cut');
    const intact = cli(['audit', 'check'], env);
    assert.equal(intact.status, 0, intact.stdout + intact.stderr);
    assert.match(intact.stdout, /ok: 5 records/);

    const entries = (await redis.xrange('tail-cut:audit', '-', '+')) as [string, string[]][];
    assert.equal(await redis.xdel('tail-cut:audit', entries[3]![0], entries[4]![0]), 2);
    const cut = cli(['audit', 'check'], env);
    assert.equal(cut.status, 1, cut.stdout + cut.stderr);
    assert.match(
      cut.stdout,
      /chain ends at seq 3 but its head .* is seq 5.*2 records are missing from the tail/,
    );
    assert.match(cut.stdout, /request cs-tailtail3: 1 of its audit records .* missing from the chain/);
    assert.match(cut.stdout, /request cs-tailtail4: 1 of its audit records .* missing from the chain/);
  });

  test('a failover that lost the last writes (stream and head alike) fails against the last logged checkpoint', async () => {
    const checkpoint = (await appendFive(redis, 'primary')).at(-1)!;
    await appendFive(redis, 'replica', 3);
    const env = { REDIS_URL: server.url, REDIS_KEY_PREFIX: 'replica' };
    assert.equal(cli(['audit', 'check'], env).status, 0, 'the replica is consistent with itself');
    const checked = cli(
      ['audit', 'check', '--expect-count', String(checkpoint.seq), '--expect-head', checkpoint.hash],
      env,
    );
    assert.equal(checked.status, 1, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /failed/);
    const primary = cli(
      ['audit', 'check', '--expect-count', String(checkpoint.seq), '--expect-head', checkpoint.hash],
      { REDIS_URL: server.url, REDIS_KEY_PREFIX: 'primary' },
    );
    assert.equal(primary.status, 0, primary.stdout + primary.stderr);
  });
});
