import type { RequestRecord } from './request-record.ts';

/**
 * Which nudge of a pending request's approvers is due at `at`: the number of whole
 * `remindApproversEvery` intervals since filing (1 for the first), or 0 when none is
 * due (too early, not pending, past the deadline, or policy asks for no reminders).
 */
export function dueApproverReminder(record: RequestRecord, at: number): number {
  const every = reminderIntervalMs(record);
  if (every === undefined || record.state !== 'pending') return 0;
  if (record.decisionDeadline !== undefined && at >= record.decisionDeadline) return 0;
  return Math.max(0, Math.floor((at - record.createdAt) / every));
}

/**
 * When the next nudge after `at` falls due, or undefined when there is none: the
 * request was decided, policy asks for no reminders, or the next one would come at or
 * after the decision deadline (the request expires instead).
 */
export function nextApproverReminderAt(record: RequestRecord, at: number): number | undefined {
  const every = reminderIntervalMs(record);
  if (every === undefined || record.state !== 'pending') return undefined;
  const next = record.createdAt + (Math.max(0, Math.floor((at - record.createdAt) / every)) + 1) * every;
  return record.decisionDeadline !== undefined && next >= record.decisionDeadline ? undefined : next;
}

function reminderIntervalMs(record: RequestRecord): number | undefined {
  const { decision } = record;
  if (decision.outcome !== 'require-approval' || decision.remindApproversEverySeconds === undefined)
    return undefined;
  return decision.remindApproversEverySeconds * 1000;
}
