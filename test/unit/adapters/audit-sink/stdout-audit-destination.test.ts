import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { stdoutAuditDestination } from '../../../../src/adapters/audit-sink/stdout-audit-destination.ts';
import { auditJsonLines } from '../../../../src/core/audit/jsonl.ts';
import { verifyChain } from '../../../../src/core/audit/verify-chain.ts';
import { sampleChain } from '../../core/audit/sample-events.ts';

describe('the stdout audit destination', () => {
  test('writes each record as one JSON line in the export format, so the lines verify as a chain', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    const chain = sampleChain(5);
    const destination = stdoutAuditDestination(out);
    await destination.deliver(chain.slice(0, 2));
    await destination.deliver(chain.slice(2));
    const records = [...auditJsonLines.parse(chunks.join(''))];
    assert.deepEqual(records, chain);
    assert.equal(verifyChain(records).ok, true);
  });

  test('a checkpoint is one JSON line with count, head hash and time, and no seq', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    const checkpoint = { count: 7, headHash: 'a'.repeat(64), at: '2026-12-05T12:00:00.000Z' };
    await stdoutAuditDestination(out).deliverCheckpoint(checkpoint);
    assert.equal(chunks.join(''), `${JSON.stringify({ auditCheckpoint: checkpoint })}\n`);
  });

  test('a write that fails is not acknowledged', async () => {
    const broken = new Writable({ write: (_chunk, _encoding, done) => done(new Error('EPIPE')) });
    broken.on('error', () => undefined);
    await assert.rejects(stdoutAuditDestination(broken).deliver(sampleChain(1)), {
      code: 'audit_delivery_failed',
      message: /EPIPE/,
    });
  });
});
