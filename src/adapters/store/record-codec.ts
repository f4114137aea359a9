import { CountersignError } from '../../core/errors.ts';
import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import { REQUEST_STATES, type RequestState } from '../../core/lifecycle/request-state.ts';

/**
 * How a {@link RequestRecord} is kept in Redis: plain JSON with no padding, which
 * round-trips every field because records hold only JSON values (absent optional
 * fields stay absent). Decoding checks the top-level shape only, enough to refuse a
 * foreign or truncated value with a `store_corrupt` error rather than misread it.
 */
export const recordCodec = {
  encode(record: RequestRecord): string {
    return JSON.stringify(record);
  },

  /** Parses a stored record; `key` names it in the error when the value is not a record. */
  decode(text: string, key: string): RequestRecord {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw corrupt(key, `not JSON (${(error as Error).message})`);
    }
    const problem = shapeProblem(value);
    if (problem) throw corrupt(key, problem);
    return value as RequestRecord;
  },
};

function shapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const record = value as Record<string, unknown>;
  if (typeof record.id !== 'string') return 'id is not a string';
  if (!Number.isInteger(record.version) || (record.version as number) < 1)
    return 'version is not a positive integer';
  if (!REQUEST_STATES.includes(record.state as RequestState)) return `unknown state ${String(record.state)}`;
  for (const field of ['request', 'requester', 'decision', 'timestamps'] as const) {
    if (typeof record[field] !== 'object' || record[field] === null) return `${field} is missing`;
  }
  if (!Array.isArray(record.approvals)) return 'approvals is not a list';
  if (typeof record.createdAt !== 'number') return 'createdAt is not a number';
  return undefined;
}

function corrupt(key: string, problem: string): CountersignError {
  return new CountersignError('store_corrupt', `stored request ${key} is not a request record: ${problem}`);
}
