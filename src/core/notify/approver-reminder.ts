import { formatCardTime } from '../cards/format-time.ts';
import { dueApproverReminder } from '../lifecycle/approver-reminders.ts';
import { progress } from '../lifecycle/progress.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import { formatDuration } from '../requests/duration.ts';
import type { Notification } from './notification.ts';
import { postInThreads } from './thread-lines.ts';

/**
 * The nudge line: what is still missing, and when the request expires, e.g.
 * `Still waiting: 0 of 2 approvals · waiting for 2 more from sre-leads. Expires at 2026-… (in 40m).`
 */
export function approverReminderLine(record: RequestRecord, now: number): string {
  const state = progress(record);
  const missing = state.waitingFor ? ` · waiting for ${state.waitingFor}` : '';
  const deadline = record.decisionDeadline;
  const expires =
    deadline === undefined
      ? ''
      : ` Expires at ${formatCardTime(deadline)} (in ${formatDuration(Math.max(0, Math.ceil((deadline - now) / 1000)))}).`;
  return `Still waiting: ${state.text}${missing}.${expires}`;
}

/**
 * Nudges the approvers of a request that still waits: one line in the thread of every
 * channel copy of its card (never a second card), once per reminder interval (the
 * line's slot is keyed by the interval's number, so a retried job posts it once).
 * Nothing when no reminder is due (decided, expired, too early).
 */
export async function remindApprovers(notification: Notification, record: RequestRecord): Promise<void> {
  const now = notification.clock.now();
  const due = dueApproverReminder(record, now);
  if (due === 0) return;
  await postInThreads(notification, `nudge:${due}`, [approverReminderLine(record, now)]);
}
