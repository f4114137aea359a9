import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { RedisRequestStore } from '../../../src/adapters/store/redis-request-store.ts';
import { acknowledgeBreakGlass } from '../../../src/core/lifecycle/acknowledge-break-glass.ts';
import { fileRequest } from '../../../src/core/lifecycle/file-request.ts';
import { COUNTERSIGN_FROM_SOURCE } from '../../harness/countersign-cli.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { alice, bob, connect, pendingScale, requireApproval, scaleRequest, T0 } from '../store/fixtures.ts';

const PREFIX = 'cli-bg';

const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [...COUNTERSIGN_FROM_SOURCE, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

const run = (id: string, incident: string, at: number) =>
  fileRequest({
    id,
    request: { ...scaleRequest(), breakGlass: true, incident },
    text: `scale deployment/api --replicas 5 -n prod-payments --incident ${incident} --break-glass --reason load`,
    cluster: 'prod',
    requester: alice,
    decision: requireApproval(['sre-leads'], { breakGlassAllowed: true }),
    requesterStepUp: { issuer: 'https://id.example.com', subject: 'sub-alice', amr: ['mfa'], authTime: at },
    at,
  });

describe('countersign audit break-glass, against a real Redis', () => {
  let server: RedisServer;
  let env: Record<string, string>;

  before(async () => {
    server = await startRedis();
    env = { REDIS_URL: server.url, REDIS_KEY_PREFIX: PREFIX };
    const redis = connect(server.url);
    const store = new RedisRequestStore(redis, { keyPrefix: PREFIX });
    const reviewed = run('cs-bgreviewed', 'INC-1', T0);
    const open = run('cs-bgopen0001', 'INC-2', T0 + 60_000);
    const ordinary = pendingScale('cs-ordinary01');
    for (const filed of [reviewed, open, ordinary]) assert.ok(await store.create(filed.record, filed.events));
    const ack = acknowledgeBreakGlass(reviewed.record, bob, ['sre-leads'], T0 + 120_000);
    assert.ok(await store.compareAndSet(ack.record, ack.events));
    await redis.quit();
  });
  after(() => server.stop());

  test('lists every break-glass run from the audit chain, with who acknowledged it', () => {
    const all = cli(['audit', 'break-glass'], env);
    assert.equal(all.status, 0, all.stderr);
    const lines = all.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(
      lines[0] ?? '',
      /^cs-bgreviewed {2}INC-1 {2}alice@example\.com .* acknowledged by bob@example\.com at 2026-01-05T10:02:00\.000Z$/,
    );
    assert.match(
      lines[1] ?? '',
      /^cs-bgopen0001 {2}INC-2 .*scale deployment\/api in prod-payments {2}\(approved\) {2}UNREVIEWED$/,
    );
    assert.match(all.stderr, /2 break-glass runs, 1 unreviewed/);
  });

  test('--unreviewed lists only the runs awaiting review; --json gives one object per line', () => {
    const open = cli(['audit', 'break-glass', '--unreviewed', '--json'], env);
    assert.equal(open.status, 0, open.stderr);
    const rows = open.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      rows.map((r) => [r.id, r.incident, r.requester, r.reviewedBy]),
      [['cs-bgopen0001', 'INC-2', 'alice@example.com', undefined]],
    );
  });
});
