import { GENESIS_HASH, type AuditRecord } from './audit-record.ts';
import { hashAuditRecord } from './chain.ts';

/**
 * A checkpoint the chain must still contain, e.g. noted at an earlier export. With
 * `count` and `headHash`, the record at position `count` must have that hash; with
 * only `count`, the chain must be at least that long; with only `headHash`, the last
 * record must have it. Give both to accept a chain that has grown since.
 */
export interface ChainExpectation {
  readonly count?: number;
  readonly headHash?: string;
  /**
   * Where a trimmed chain starts: the seq of its first record and that record's
   * `prevHash` (the hash of the last record trimmed away). Absent means seq 1 after
   * the genesis hash. `count` and the verdict's `count` still count from seq 1.
   */
  readonly startsAt?: { readonly seq: number; readonly prevHash: string };
}

/** The outcome of checking a chain: its length and head, or the first problem found. */
export type ChainVerdict =
  | { readonly ok: true; readonly count: number; readonly headHash: string }
  | { readonly ok: false; readonly position: number; readonly seq: number; readonly problem: string };

type Failure = Extract<ChainVerdict, { ok: false }> & { readonly missingSeq?: number };

/**
 * Checks an audit chain record by record and reports the first problem with its
 * 1-based position (the line of a JSON-lines export): an edited record (its hash
 * does not match its contents), a removed record (a gap in `seq`), records out of
 * order, a broken link (`prevHash` differs from the previous record's hash), and,
 * given an `expected` checkpoint, a truncated head. Reads the input once; only after
 * a gap does it read on, to tell a removed record from a moved one.
 */
export function verifyChain(records: Iterable<AuditRecord>, expected: ChainExpectation = {}): ChainVerdict {
  const walker = new ChainWalker(expected);
  const iterator = records[Symbol.iterator]();
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    const failure = walker.check(next.value);
    if (!failure) continue;
    if (failure.missingSeq === undefined) return failure;
    let position = failure.position;
    try {
      for (let later = iterator.next(); !later.done; later = iterator.next()) {
        position += 1;
        if (later.value.seq === failure.missingSeq) return movedFailure(failure, position);
      }
    } catch {
      // A later unreadable record does not change the first problem found.
    }
    return stripMissing(failure);
  }
  return walker.finish(expected);
}

/** {@link verifyChain} over an asynchronous source, such as a file stream or a store. */
export async function verifyChainAsync(
  records: AsyncIterable<AuditRecord>,
  expected: ChainExpectation = {},
): Promise<ChainVerdict> {
  const walker = new ChainWalker(expected);
  const iterator = records[Symbol.asyncIterator]();
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const failure = walker.check(next.value);
    if (!failure) continue;
    if (failure.missingSeq === undefined) {
      await iterator.return?.();
      return failure;
    }
    let position = failure.position;
    try {
      for (let later = await iterator.next(); !later.done; later = await iterator.next()) {
        position += 1;
        if (later.value.seq === failure.missingSeq) {
          await iterator.return?.();
          return movedFailure(failure, position);
        }
      }
    } catch {
      // A later unreadable record does not change the first problem found.
    }
    return stripMissing(failure);
  }
  return walker.finish(expected);
}

class ChainWalker {
  private position = 0;
  private prev: AuditRecord | undefined;
  private checkpointHash: string | undefined;

  private readonly checkpoint: number | undefined;
  private readonly firstSeq: number;
  private readonly firstPrevHash: string;

  /** `expected.count`: the seq whose hash {@link finish} compares with the expected head. */
  constructor(expected: ChainExpectation) {
    this.checkpoint = expected.count;
    this.firstSeq = expected.startsAt?.seq ?? 1;
    this.firstPrevHash = expected.startsAt?.prevHash ?? GENESIS_HASH;
  }

  check(record: AuditRecord): Failure | undefined {
    this.position += 1;
    const position = this.position;
    const seq = record.seq;
    const fail = (problem: string, missingSeq?: number): Failure => ({
      ok: false,
      position,
      seq,
      problem,
      ...(missingSeq === undefined ? {} : { missingSeq }),
    });

    if (hashAuditRecord(record.seq, record.prevHash, record.event) !== record.hash) {
      return fail(`record seq ${seq} was edited: its hash does not match its contents`);
    }
    const expectedSeq = this.prev ? this.prev.seq + 1 : this.firstSeq;
    if (seq > expectedSeq) {
      const range = seq - expectedSeq === 1 ? `seq ${expectedSeq}` : `seq ${expectedSeq} to ${seq - 1}`;
      return fail(`expected seq ${expectedSeq} but found seq ${seq}: ${range} removed`, expectedSeq);
    }
    if (seq < expectedSeq) {
      return fail(
        this.prev
          ? `seq ${seq} comes after seq ${this.prev.seq}: records are out of order or duplicated`
          : `seq ${seq} is not a valid first sequence number (expected ${this.firstSeq})`,
      );
    }
    const expectedPrev = this.prev ? this.prev.hash : this.firstPrevHash;
    if (record.prevHash !== expectedPrev) {
      return fail(
        this.prev
          ? `prevHash does not match the hash of line ${position - 1}: that record or this one was edited and re-hashed, or replaced`
          : this.firstSeq === 1
            ? 'the first record does not start the chain: its prevHash is not the genesis hash'
            : `the first record does not continue where the chain was trimmed: its prevHash is not ${this.firstPrevHash}`,
      );
    }
    this.prev = record;
    if (seq === this.checkpoint) this.checkpointHash = record.hash;
    return undefined;
  }

  finish(expected: ChainExpectation): ChainVerdict {
    const count = this.prev ? this.prev.seq : this.firstSeq - 1;
    const headHash = this.prev ? this.prev.hash : this.firstPrevHash;
    const missing = (problem: string): ChainVerdict => ({
      ok: false,
      position: this.position + 1,
      seq: count + 1,
      problem,
    });
    if (expected.count !== undefined && count < expected.count) {
      return missing(
        `chain ends after ${count} records but ${expected.count} were expected: records removed from the end`,
      );
    }
    if (expected.headHash === undefined) return { ok: true, count, headHash };
    if (expected.count === undefined) {
      return headHash === expected.headHash
        ? { ok: true, count, headHash }
        : missing(
            `head hash ${headHash} is not the expected ${expected.headHash}: records removed or added at the end`,
          );
    }
    if (expected.count !== 0 && expected.count < this.firstSeq - 1) {
      return {
        ok: false,
        position: 1,
        seq: expected.count,
        problem: `record ${expected.count} was trimmed from this copy after the audit sink took it (the chain here starts at seq ${this.firstSeq}): check that checkpoint against the sink's copy`,
      };
    }
    const atCheckpoint =
      expected.count === 0
        ? GENESIS_HASH
        : expected.count === this.firstSeq - 1
          ? this.firstPrevHash
          : this.checkpointHash;
    return atCheckpoint === expected.headHash
      ? { ok: true, count, headHash }
      : {
          ok: false,
          position: expected.count - this.firstSeq + 1,
          seq: expected.count,
          problem: `record ${expected.count} has hash ${atCheckpoint ?? GENESIS_HASH}, not the expected ${expected.headHash}: the chain was rewritten`,
        };
  }
}

function movedFailure(failure: Failure, laterPosition: number): ChainVerdict {
  return {
    ok: false,
    position: failure.position,
    seq: failure.seq,
    problem: `records are out of order: line ${failure.position} holds seq ${failure.seq}, but seq ${failure.missingSeq} is at line ${laterPosition}`,
  };
}

function stripMissing(failure: Failure): ChainVerdict {
  return { ok: false, position: failure.position, seq: failure.seq, problem: failure.problem };
}
