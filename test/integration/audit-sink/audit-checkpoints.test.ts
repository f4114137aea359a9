import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { httpAuditDestination } from '../../../src/adapters/audit-sink/http-audit-destination.ts';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import { writeAuditCheckpoints } from '../../../src/app/audit-checkpoints.ts';
import type { AuditCheckpoint } from '../../../src/core/audit/audit-checkpoint.ts';
import { systemClock } from '../../../src/core/ports/clock.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { connect, freshPrefix, markerEvents } from '../store/fixtures.ts';

// Issue 15 item 15: the chain head checkpoint goes to the audit sink (AUDIT_SINK_URL) as
// well as to the logs, so the head is kept where the records go, out of Redis's reach.

const SECRET = 'audit-checkpoint-test-secret-0123456789';

/** A loopback HTTP receiver that checks the signature and keeps the checkpoints it acknowledged. */
class CheckpointReceiver {
  readonly checkpoints: AuditCheckpoint[] = [];
  readonly problems: string[] = [];
  /** Answer 503 to this many checkpoint POSTs first. */
  failNext = 0;
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req.headers['countersign-signature']));
      const expected = createHmac('sha256', SECRET).update(`${signature?.[1]}.${body}`).digest('hex');
      if (signature?.[2] !== expected) this.problems.push('bad signature');
      if (req.headers['content-type'] !== 'application/json') this.problems.push('not JSON');
      if (this.failNext > 0) {
        this.failNext -= 1;
        res.writeHead(503).end();
        return;
      }
      const { auditCheckpoint } = JSON.parse(body) as { auditCheckpoint: AuditCheckpoint };
      if (req.headers['countersign-checkpoint'] !== String(auditCheckpoint.count))
        this.problems.push('header and body disagree');
      this.checkpoints.push(auditCheckpoint);
      res.writeHead(200).end();
    });
  });

  async listen(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${String((this.server.address() as AddressInfo).port)}/audit`;
  }

  /** Waits for a checkpoint of `count` records; a generous deadline catches a hang only. */
  async waitFor(count: number): Promise<AuditCheckpoint> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = this.checkpoints.find((c) => c.count === count);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no checkpoint of ${String(count)}: ${JSON.stringify(this.checkpoints)}`);
      await sleep(20);
    }
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('audit checkpoints reach the audit sink (real Redis, real HTTP receiver)', () => {
  let server: RedisServer;
  let redis: Redis;

  before(async () => {
    server = await startRedis();
    redis = connect(server.url);
  });

  after(async () => {
    redis.disconnect();
    await server.stop();
  });

  test('each new head is logged and POSTed, signed, with its count and hash; a refused one is sent again', async () => {
    const audit = new RedisAuditSink(redis, { keyPrefix: freshPrefix() });
    const receiver = new CheckpointReceiver();
    const url = await receiver.listen();
    const logged: AuditCheckpoint[] = [];
    const logger = pino(
      { level: 'info' },
      {
        write: (line: string) => {
          const parsed = JSON.parse(line) as { auditCheckpoint?: AuditCheckpoint };
          if (parsed.auditCheckpoint) logged.push(parsed.auditCheckpoint);
        },
      },
    );
    const writer = writeAuditCheckpoints(() => audit.head(), 25, logger, undefined, [
      httpAuditDestination({ url, secret: SECRET, clock: systemClock }),
    ]);
    try {
      const first = await audit.append(markerEvents('cs-checkpoint1', 3));
      const head = await receiver.waitFor(3);
      assert.deepEqual(head, { count: 3, headHash: first[2]?.hash, at: first[2]?.event.at });
      assert.deepEqual(logged.at(-1), head, 'the log line carries the same checkpoint');

      receiver.failNext = 2;
      const more = await audit.append(markerEvents('cs-checkpoint2', 2));
      const retried = await receiver.waitFor(5);
      assert.equal(retried.headHash, more[1]?.hash);
      assert.equal(receiver.failNext, 0, 'delivered after two refusals');
      assert.deepEqual(receiver.problems, []);
    } finally {
      writer.stop();
      await receiver.close();
    }
  });
});
