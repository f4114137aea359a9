import type { RequestRecord } from './request-record.ts';

/**
 * True when a request was approved ahead of its start time (`--at` / `--in`) and that
 * time has not come at `now`: it runs nothing yet, and its requester may still cancel it.
 */
export function isWaitingToStart(record: RequestRecord, now: number): boolean {
  return record.state === 'approved' && record.startAt !== undefined && now < record.startAt;
}
