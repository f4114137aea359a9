import { InvalidArgumentError } from 'commander';
import type { ChainExpectation } from '../core/audit/verify-chain.ts';

/** The checkpoint flags of `audit verify` and `audit check`. */
export interface VerifyFlags {
  expectCount?: number;
  expectHead?: string;
  /** `audit verify` only: the export starts after this checkpoint (seq and hash of its last record). */
  startsAfter?: Checkpoint;
}

/** A point of the chain: record `seq` has hash `hash` (an "audit checkpoint" log line's count and head). */
export interface Checkpoint {
  readonly seq: number;
  readonly hash: string;
}

/** The chain expectation the checkpoint flags describe (none when neither is given). */
export function expectationOf(flags: VerifyFlags): ChainExpectation {
  return {
    ...(flags.expectCount === undefined ? {} : { count: flags.expectCount }),
    ...(flags.expectHead === undefined ? {} : { headHash: flags.expectHead }),
    ...(flags.startsAfter === undefined
      ? {}
      : { startsAt: { seq: flags.startsAfter.seq + 1, prevHash: flags.startsAfter.hash } }),
  };
}

/**
 * Parses `--starts-after SEQ:HASH`: the checkpoint the export continues from, i.e. the
 * seq and hash of the last record before its first line (e.g. the count and head of an
 * "audit checkpoint" log line, or of a verified earlier export).
 */
export function parseCheckpoint(value: string): Checkpoint {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (!match?.[1] || !match[2])
    throw new InvalidArgumentError(
      'expected SEQ:HASH, the seq and hash (64 lower-case hex digits) of the record before the first line, e.g. --starts-after 120:3f2a…',
    );
  const seq = Number(match[1]);
  if (seq < 1)
    throw new InvalidArgumentError('SEQ must be 1 or more (a full export needs no --starts-after)');
  return { seq, hash: match[2] };
}

/** Parses `--expect-count`: a whole number. */
export function parseCount(value: string): number {
  if (!/^\d+$/.test(value))
    throw new InvalidArgumentError('expected a whole number, e.g. --expect-count 120');
  return Number(value);
}

/** Parses `--expect-head`: a SHA-256 hash in lower-case hex. */
export function parseHash(value: string): string {
  if (!/^[0-9a-f]{64}$/.test(value)) throw new InvalidArgumentError('expected 64 lower-case hex digits');
  return value;
}
