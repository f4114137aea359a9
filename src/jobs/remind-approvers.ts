import { dueApproverReminder, nextApproverReminderAt } from '../core/lifecycle/approver-reminders.ts';
import type { JobDeps, JobProcessor } from './job-context.ts';

/**
 * The `remind-approvers` processor: while a request waits, nudges its approvers in
 * its card's thread (see `remindApprovers`) and runs again at the next interval, so
 * one job per request carries every reminder. A run that fires early waits for the
 * first interval; once the request is decided or would expire first, it ends. A
 * retry posts nothing twice (each nudge has its own message slot).
 */
export function remindApproversProcessor(deps: JobDeps): JobProcessor<'remind-approvers'> {
  const { workflow, notifier } = deps;
  return async ({ requestId }) => {
    const record = await workflow.store.get(requestId);
    if (!record) return { outcome: 'skipped' };
    const now = workflow.clock.now();
    const due = dueApproverReminder(record, now);
    if (due > 0) await notifier.remindApprovers(record);
    const next = nextApproverReminderAt(record, now);
    const outcome = due > 0 ? 'done' : 'skipped';
    return next === undefined ? { outcome } : { outcome, runAgainAt: next };
  };
}
