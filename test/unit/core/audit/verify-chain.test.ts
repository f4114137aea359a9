import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { GENESIS_HASH, type AuditRecord } from '../../../../src/core/audit/audit-record.ts';
import { hashAuditRecord } from '../../../../src/core/audit/chain.ts';
import { verifyChain, verifyChainAsync, type ChainVerdict } from '../../../../src/core/audit/verify-chain.ts';
import { sampleChain } from './sample-events.ts';

function failure(verdict: ChainVerdict): { position: number; seq: number; problem: string } {
  if (verdict.ok) assert.fail(`expected a failure, got ok with ${verdict.count} records`);
  return verdict;
}

const rehash = (record: AuditRecord): AuditRecord => ({
  ...record,
  hash: hashAuditRecord(record.seq, record.prevHash, record.event),
});

describe('verifyChain', () => {
  test('an intact chain verifies with its count and head hash', () => {
    const chain = sampleChain(5);
    assert.deepEqual(verifyChain(chain), { ok: true, count: 5, headHash: chain[4]?.hash });
  });

  test('an empty chain is intact with the genesis head', () => {
    assert.deepEqual(verifyChain([]), { ok: true, count: 0, headHash: GENESIS_HASH });
  });

  test('an edited record is found at its own position', () => {
    const chain = sampleChain(5);
    const edited = chain[2] ?? assert.fail();
    chain[2] = { ...edited, event: { ...edited.event, actor: 'mallory@example.com' } };
    const f = failure(verifyChain(chain));
    assert.equal(f.position, 3);
    assert.equal(f.seq, 3);
    assert.match(f.problem, /edited: its hash does not match its contents/);
  });

  test('an edited and re-hashed record breaks the link of the next one', () => {
    const chain = sampleChain(5);
    const edited = chain[2] ?? assert.fail();
    chain[2] = rehash({ ...edited, event: { ...edited.event, actor: 'mallory@example.com' } });
    const f = failure(verifyChain(chain));
    assert.equal(f.position, 4);
    assert.match(f.problem, /prevHash does not match the hash of line 3/);
  });

  test('a removed record is found where the gap is', () => {
    const chain = sampleChain(6);
    chain.splice(2, 1);
    const f = failure(verifyChain(chain));
    assert.equal(f.position, 3);
    assert.equal(f.seq, 4);
    assert.equal(f.problem, 'expected seq 3 but found seq 4: seq 3 removed');
  });

  test('several removed records are named as a range', () => {
    const chain = sampleChain(8);
    chain.splice(1, 3);
    assert.equal(failure(verifyChain(chain)).problem, 'expected seq 2 but found seq 5: seq 2 to 4 removed');
  });

  test('removed records whose seqs were renumbered still break the links', () => {
    const chain = sampleChain(5);
    chain.splice(1, 1);
    const renumbered = chain.map((r, i) => rehash({ ...r, seq: i + 1 }));
    const f = failure(verifyChain(renumbered));
    assert.equal(f.position, 2);
    assert.match(f.problem, /prevHash does not match/);
  });

  test('swapped records are reported as out of order, naming where the missing one is', () => {
    const chain = sampleChain(6);
    [chain[2], chain[3]] = [chain[3] ?? assert.fail(), chain[2] ?? assert.fail()];
    const f = failure(verifyChain(chain));
    assert.equal(f.position, 3);
    assert.equal(f.problem, 'records are out of order: line 3 holds seq 4, but seq 3 is at line 4');
  });

  test('a duplicated record is reported where it repeats', () => {
    const chain = sampleChain(4);
    chain.splice(2, 0, chain[1] ?? assert.fail());
    const f = failure(verifyChain(chain));
    assert.equal(f.position, 3);
    assert.match(f.problem, /seq 2 comes after seq 2: records are out of order or duplicated/);
  });

  test('a chain that does not start at the genesis is refused', () => {
    const chain = sampleChain(3);
    chain.shift();
    assert.equal(failure(verifyChain(chain)).position, 1);
    const forged = rehash({ ...(sampleChain(1)[0] ?? assert.fail()), prevHash: 'f'.repeat(64) });
    assert.match(failure(verifyChain([forged])).problem, /not the genesis hash/);
  });

  test('a truncated head is caught only against an expected count or head hash', () => {
    const chain = sampleChain(6);
    const head = chain[5]?.hash ?? '';
    const truncated = chain.slice(0, 4);
    assert.equal(verifyChain(truncated).ok, true, 'without a checkpoint, a shorter chain is self-consistent');
    const byCount = failure(verifyChain(truncated, { count: 6 }));
    assert.equal(byCount.position, 5);
    assert.match(byCount.problem, /ends after 4 records but 6 were expected/);
    const byHead = failure(verifyChain(truncated, { headHash: head }));
    assert.match(byHead.problem, /is not the expected/);
    assert.deepEqual(verifyChain(chain, { count: 6, headHash: head }), {
      ok: true,
      count: 6,
      headHash: head,
    });
  });

  test('a chain that grew past a checkpoint still verifies; a rewritten checkpoint does not', () => {
    const chain = sampleChain(6);
    const checkpoint = { count: 4, headHash: chain[3]?.hash ?? '' };
    assert.equal(verifyChain(chain, checkpoint).ok, true);
    const f = failure(verifyChain(chain, { count: 4, headHash: chain[2]?.hash ?? '' }));
    assert.equal(f.position, 4);
    assert.match(f.problem, /the chain was rewritten/);
  });

  test('a chain trimmed after delivery verifies from where it starts, linked to the last record trimmed', () => {
    const chain = sampleChain(8);
    const tail = chain.slice(4);
    const startsAt = { seq: 5, prevHash: chain[3]?.hash ?? '' };
    assert.equal(failure(verifyChain(tail)).position, 1, 'without the trim mark, seq 5 cannot start a chain');
    assert.deepEqual(verifyChain(tail, { startsAt }), { ok: true, count: 8, headHash: chain[7]?.hash });
    assert.match(
      failure(verifyChain(tail, { startsAt: { seq: 5, prevHash: 'f'.repeat(64) } })).problem,
      /does not continue where the chain was trimmed/,
    );
    assert.match(failure(verifyChain(tail.slice(1), { startsAt })).problem, /expected seq 5 but found seq 6/);
    const checkpoint = (n: number) => ({ startsAt, count: n, headHash: chain[n - 1]?.hash ?? '' });
    assert.equal(verifyChain(tail, checkpoint(6)).ok, true, 'a checkpoint in the kept part');
    assert.equal(verifyChain(tail, checkpoint(4)).ok, true, 'the last record trimmed, by the mark');
    assert.match(failure(verifyChain(tail, checkpoint(2))).problem, /was trimmed from this copy/);
    const rewritten = failure(verifyChain(tail, { startsAt, count: 6, headHash: chain[4]?.hash ?? '' }));
    assert.equal(rewritten.position, 2);
    assert.match(rewritten.problem, /the chain was rewritten/);
  });

  test('the async form gives the same verdicts', async () => {
    const chain = sampleChain(5);
    [chain[1], chain[2]] = [chain[2] ?? assert.fail(), chain[1] ?? assert.fail()];
    async function* stream(): AsyncGenerator<AuditRecord> {
      for (const r of chain) yield await Promise.resolve(r);
    }
    assert.deepEqual(await verifyChainAsync(stream()), verifyChain(chain));
    assert.deepEqual(await verifyChainAsync(stream(), { count: 9 }), verifyChain(chain, { count: 9 }));
  });

  test('property: removing any one record of a chain is detected at that line or, for the last, by the count', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 12 })
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }))),
        ([n, removed]) => {
          const chain = sampleChain(n);
          chain.splice(removed, 1);
          const verdict = verifyChain(chain, { count: n });
          const f = failure(verdict);
          assert.equal(f.position, removed + 1);
        },
      ),
    );
  });

  test('property: editing any field of any record is detected at that line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.nat(), fc.string({ minLength: 1 }), (n, pick, text) => {
        const chain = sampleChain(n);
        const index = pick % n;
        const target = chain[index] ?? assert.fail();
        chain[index] = { ...target, event: { ...target.event, actor: target.event.actor + text } };
        assert.equal(failure(verifyChain(chain)).position, index + 1);
      }),
    );
  });
});
