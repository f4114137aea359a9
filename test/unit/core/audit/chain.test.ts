import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import canonicalize from 'canonicalize';
import type { AuditEvent } from '../../../../src/core/audit/audit-event.ts';
import { GENESIS_HASH } from '../../../../src/core/audit/audit-record.ts';
import { appendToChain, hashAuditRecord } from '../../../../src/core/audit/chain.ts';
import { sampleEvent } from './sample-events.ts';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('appendToChain', () => {
  test('the first record has seq 1 and the genesis prevHash of 64 zeros', () => {
    const first = appendToChain(undefined, sampleEvent(1));
    assert.equal(first.seq, 1);
    assert.equal(first.prevHash, '0'.repeat(64));
    assert.equal(first.prevHash, GENESIS_HASH);
    assert.match(first.hash, /^[0-9a-f]{64}$/);
  });

  test('each record links to the hash of the one before and counts up', () => {
    const first = appendToChain(undefined, sampleEvent(1));
    const second = appendToChain(first, sampleEvent(2));
    assert.equal(second.seq, 2);
    assert.equal(second.prevHash, first.hash);
    assert.notEqual(second.hash, first.hash);
  });

  test('the hash is sha256 of the canonical JSON of {seq, prevHash, event}', () => {
    const event = sampleEvent(1);
    const record = appendToChain(undefined, event);
    const expected = sha256(
      `{"event":{"actor":"approver-1@example.com","at":"${event.at}","details":{"approvals":1,"complete":true,"groups":["sre-leads"]},"requestId":"req-1","type":"approved"},"prevHash":"${GENESIS_HASH}","seq":1}`,
    );
    assert.equal(record.hash, expected);
  });

  test('the stored event is a copy: editing the caller object afterwards changes nothing', () => {
    const event = { ...sampleEvent(1), details: { groups: ['sre-leads'], approvals: 1, complete: true } };
    const record = appendToChain(undefined, event);
    event.details.groups.push('security');
    assert.deepEqual(record.event.details, { groups: ['sre-leads'], approvals: 1, complete: true });
    assert.equal(hashAuditRecord(record.seq, record.prevHash, record.event), record.hash);
  });
});

describe('canonical JSON', () => {
  test('the same event hashes the same whatever its key order', () => {
    const a = sampleEvent(3);
    const reordered = JSON.parse(
      `{"details":{"complete":true,"approvals":1,"groups":["sre-leads"]},"actor":"${a.actor}","type":"approved","at":"${a.at}","requestId":"${a.requestId}"}`,
    ) as AuditEvent;
    assert.equal(appendToChain(undefined, reordered).hash, appendToChain(undefined, a).hash);
  });

  test('property: shuffling keys at any depth never changes the hash; changing a value does', () => {
    const json = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });
    fc.assert(
      fc.property(json, fc.integer({ min: 1, max: 1000 }), (details, seq) => {
        const reversed = reverseKeys(details);
        assert.equal(
          hashAuditRecord(seq, GENESIS_HASH, details),
          hashAuditRecord(seq, GENESIS_HASH, reversed),
        );
        assert.equal(canonicalize(details), canonicalize(reversed));
        assert.notEqual(
          hashAuditRecord(seq, GENESIS_HASH, details),
          hashAuditRecord(seq, GENESIS_HASH, { ...details, ['\u0000changed']: true }),
        );
      }),
    );
  });
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, reverseKeys(v)]));
}
