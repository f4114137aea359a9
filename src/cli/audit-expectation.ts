import { InvalidArgumentError } from 'commander';
import type { ChainExpectation } from '../core/audit/verify-chain.ts';

/** The checkpoint flags of `audit verify` and `audit check`. */
export interface VerifyFlags {
  expectCount?: number;
  expectHead?: string;
}

/** The chain expectation the checkpoint flags describe (none when neither is given). */
export function expectationOf(flags: VerifyFlags): ChainExpectation {
  return {
    ...(flags.expectCount === undefined ? {} : { count: flags.expectCount }),
    ...(flags.expectHead === undefined ? {} : { headHash: flags.expectHead }),
  };
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
