import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { httpAuditDestination } from '../../../src/adapters/audit-sink/http-audit-destination.ts';
import { auditEntry } from '../../../src/adapters/store/audit-entry.ts';
import { storeKeys } from '../../../src/adapters/store/keys.ts';
import { RedisAuditDelivery } from '../../../src/adapters/store/redis-audit-delivery.ts';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import { shipAudit, type AuditShipping } from '../../../src/app/ship-audit.ts';
import type { AuditRecord } from '../../../src/core/audit/audit-record.ts';
import { auditJsonLines } from '../../../src/core/audit/jsonl.ts';
import { verifyChain, verifyChainAsync } from '../../../src/core/audit/verify-chain.ts';
import { systemClock } from '../../../src/core/ports/clock.ts';
import { COUNTERSIGN_FROM_SOURCE } from '../../harness/countersign-cli.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { connect, freshPrefix, markerEvents } from '../store/fixtures.ts';

const SECRET = 'audit-sink-test-secret-0123456789abcdef';

/** How the receiver answers one request: fail before reading, drop the connection, or take the batch and lose the answer. */
type Mode = 'ok' | '503' | '500' | 'drop' | 'store-then-drop';

/**
 * A real HTTP receiver on loopback, as a SIEM collector would be: checks the
 * signature, dedupes by seq, and records every problem it sees instead of throwing
 * (a gap or reorder among new records, a bad signature, the Redis stream trimmed past
 * what it acknowledged or past the checkpoint the test noted).
 */
class Receiver {
  readonly unique: AuditRecord[] = [];
  readonly violations: string[] = [];
  readonly seenAfterRestart: number[] = [];
  duplicates = 0;
  requests = 0;
  acked = 0;
  /** The checkpoint the test noted in Redis; the stream may never start past it. */
  checkpoint = 1;
  restarted = false;
  private readonly script: Mode[];
  private readonly server: Server;
  private readonly waiters: { done: () => boolean; resolve: () => void; reject: (e: Error) => void }[] = [];
  private readonly redis: Redis;
  private readonly stream: string;

  constructor(script: Mode[], redis: Redis, stream: string) {
    this.script = script;
    this.redis = redis;
    this.stream = stream;
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        (mode) => {
          if (mode === 'drop' || mode === 'store-then-drop') req.socket.destroy();
          else res.writeHead(mode === 'ok' ? 200 : Number(mode)).end();
        },
        (error: unknown) => {
          this.violations.push(`receiver crashed: ${String(error)}`);
          res.writeHead(500).end();
        },
      );
    });
  }

  async listen(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/audit`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves once `count` distinct records arrived. */
  waitForUnique(count: number): Promise<void> {
    return this.waitFor(() => this.unique.length >= count);
  }

  /** Resolves once the receiver answered 2xx for a batch ending at `seq` or later. */
  waitForAck(seq: number): Promise<void> {
    return this.waitFor(() => this.acked >= seq);
  }

  /** Resolves when `done` holds; rejects at the first violation, so a broken sink fails fast instead of hanging. */
  private waitFor(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    if (this.violations.length > 0) return Promise.reject(new Error(this.violations.join('; ')));
    return new Promise((resolve, reject) => this.waiters.push({ done, resolve, reject }));
  }

  private async handle(req: IncomingMessage): Promise<Mode> {
    const mode = this.script[this.requests] ?? 'ok';
    this.requests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const first = (await this.redis.xrange(this.stream, '-', '+', 'COUNT', 1)) as [string, string[]][];
    const firstSeq = first[0] ? auditEntry.parse(first[0][0], first[0][1]).seq : 1;
    const bound = Math.min(Math.max(this.acked, 1), this.checkpoint);
    if (firstSeq > bound) {
      this.violations.push(
        `stream starts at seq ${firstSeq}, past ack ${this.acked} / checkpoint ${this.checkpoint}`,
      );
    }
    const signature = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req.headers['countersign-signature']));
    const expected = createHmac('sha256', SECRET).update(`${signature?.[1]}.${body}`).digest();
    if (!signature?.[2] || !timingSafeEqual(Buffer.from(signature[2], 'hex'), expected)) {
      this.violations.push(`bad signature on request ${this.requests}`);
      return '500';
    }
    if (mode !== 'ok' && mode !== 'store-then-drop') return mode;
    const records = body
      .split('\n')
      .filter((line) => line !== '')
      .map((line, i) => auditJsonLines.parseLine(line, i + 1));
    if (String(records[0]?.seq) !== req.headers['countersign-first-seq'])
      this.violations.push('first-seq header');
    for (const record of records) {
      if (this.restarted) this.seenAfterRestart.push(record.seq);
      const last = this.unique.at(-1)?.seq ?? 0;
      if (record.seq <= last) {
        this.duplicates += 1;
        continue;
      }
      if (record.seq !== last + 1) this.violations.push(`seq ${record.seq} arrived after ${last}`);
      this.unique.push(record);
    }
    if (mode === 'ok') this.acked = Math.max(this.acked, records.at(-1)?.seq ?? 0);
    if (this.violations.length > 0) {
      for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(this.violations.join('; ')));
    }
    for (const waiter of this.waiters.filter((w) => w.done())) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    return mode;
  }
}

describe('the audit sink delivers the chain over HTTP to a receiver that fails and recovers, against a real Redis', () => {
  let server: RedisServer;
  let redis: Redis;

  before(async () => {
    server = await startRedis();
    redis = connect(server.url);
  });
  after(async () => {
    await redis.quit();
    await server.stop();
  });

  test(
    'nothing lost, nothing reordered, duplicates only by seq, and the stream is trimmed only behind the ack and the checkpoint',
    { timeout: 180_000 },
    async () => {
      const prefix = freshPrefix();
      const keys = storeKeys(prefix);
      const sink = new RedisAuditSink(redis, { keyPrefix: prefix });
      const delivery = new RedisAuditDelivery(redis, prefix);
      const receiver = new Receiver(
        ['503', 'drop', 'ok', 'store-then-drop', '500', 'ok', 'drop', 'store-then-drop', '503'],
        redis,
        keys.auditStream,
      );
      const url = await receiver.listen();
      const failures: string[] = [];
      const start = (): AuditShipping =>
        shipAudit(
          delivery,
          [httpAuditDestination({ url, secret: SECRET, clock: systemClock })],
          pino({ level: 'silent' }),
          {
            batchSize: 7,
            pollMs: 10,
            backoffMs: 5,
            maxBackoffMs: 40,
            leaseMs: 10_000,
            onFailure: (name) => failures.push(name),
          },
        );
      // Two replicas at once: the lease lets one ship at a time.
      let replicas = [start(), start()];
      const written: AuditRecord[] = [];
      const append = async (count: number) => {
        for (let i = 0; i < count; i += 5) {
          written.push(...(await sink.append(markerEvents(`cs-ship${written.length}`, 5))));
        }
      };
      try {
        await append(30);
        await receiver.waitForUnique(30);

        const checkpoint = written[19]!;
        receiver.checkpoint = checkpoint.seq;
        await delivery.recordCheckpoint(checkpoint);
        await append(30);
        await receiver.waitForAck(60);
        await Promise.all(replicas.map((r) => r.stop()));

        assert.deepEqual(receiver.violations, []);
        assert.deepEqual(
          receiver.unique.map((r) => r.seq),
          written.map((r) => r.seq),
        );
        assert.deepEqual(receiver.unique, written, 'the receiver holds exactly the records written');
        assert.deepEqual(verifyChain(receiver.unique), { ok: true, count: 60, headHash: written[59]!.hash });
        assert.ok(receiver.duplicates > 0, 'a batch taken but not acknowledged was sent again');
        assert.ok(failures.length >= 7, `every failed answer was counted (${failures.length})`);

        // The ack reached 60 but the checkpoint is 20: the stream starts at 20, and still verifies.
        assert.equal((await delivery.cursor('http'))?.seq, 60);
        const mark = await sink.trimmed();
        assert.deepEqual(mark && { seq: mark.seq, prevHash: mark.prevHash }, {
          seq: 20,
          prevHash: written[18]!.hash,
        });
        assert.equal(await redis.xlen(keys.auditStream), 41);
        assert.deepEqual(await verifyChainAsync(sink.readAll(), { startsAt: mark }), {
          ok: true,
          count: 60,
          headHash: written[59]!.hash,
        });
        assert.deepEqual(await sink.missingRecords(), [], 'records trimmed after delivery are not missing');
        const check = spawnSync(
          process.execPath,
          [
            ...COUNTERSIGN_FROM_SOURCE,
            'audit',
            'check',
            '--expect-count',
            '20',
            '--expect-head',
            checkpoint.hash,
          ],
          {
            env: { ...process.env, REDIS_URL: server.url, REDIS_KEY_PREFIX: prefix },
            encoding: 'utf8',
            timeout: 60_000,
          },
        );
        assert.equal(check.status, 0, check.stdout + check.stderr);
        assert.match(check.stdout, /seq 1–19 were trimmed .* checking from seq 20/);
        assert.match(check.stdout, /ok: 60 records/);

        // A restart resumes after the cursor: only new records are sent, and the trim follows the new checkpoint.
        receiver.checkpoint = 60;
        await delivery.recordCheckpoint(written[59]!);
        receiver.restarted = true;
        replicas = [start()];
        await append(5);
        await receiver.waitForAck(65);
        await Promise.all(replicas.map((r) => r.stop()));
        assert.deepEqual(receiver.violations, []);
        assert.deepEqual(receiver.seenAfterRestart, [61, 62, 63, 64, 65]);
        assert.equal((await sink.trimmed())?.seq, 60);
        assert.deepEqual(await verifyChainAsync(sink.readAll(), { startsAt: (await sink.trimmed())! }), {
          ok: true,
          count: 65,
          headHash: written[64]!.hash,
        });
      } finally {
        await Promise.all(replicas.map((r) => r.stop()));
        await receiver.close();
      }
    },
  );
});
