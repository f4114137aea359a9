import { nextApproverReminderAt } from '../lifecycle/approver-reminders.ts';
import { nextEscalationAt } from '../lifecycle/escalate.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { JobQueue } from '../ports/job-queue.ts';

/**
 * Removes the timers a request waiting for a decision can have; their bodies also
 * ignore a decided request. Only timers {@link stateJobs} could have set while it was
 * pending are removed: a decision deadline, escalation steps and a reminder interval
 * are fixed when the request is filed (escalation widens the decision but keeps its
 * steps and interval), so a request without one never had that job, and removing it
 * would be a queue round trip per decision for nothing.
 */
async function removeWaitTimers(queue: JobQueue, record: RequestRecord): Promise<void> {
  const requestId = record.id;
  const { decision } = record;
  const approval = decision.outcome === 'require-approval' ? decision : undefined;
  const removals: Promise<void>[] = [];
  if (record.decisionDeadline !== undefined) removals.push(queue.remove('expire-request', { requestId }));
  if ((approval?.escalation?.length ?? 0) > 0) removals.push(queue.remove('escalate-request', { requestId }));
  if (approval?.remindApproversEverySeconds !== undefined)
    removals.push(queue.remove('remind-approvers', { requestId }));
  await Promise.all(removals);
}

/**
 * Schedules the jobs a request needs after it reached its current state: the TTL
 * timer, the next escalation step and the approvers' reminders while pending, the execution once approved (at its start time, if it has one) (none for a kubectl request: the
 * proxy holding it forwards it), the revoke and reminder timers
 * while a grant is active (moved on extension), their removal once it ended, and a
 * notification of every copy of its cards. Job IDs are derived from the request, so
 * calling this twice for one state schedules nothing twice. The notification of a state
 * that queues a run now is queued `behindRun`, so the run starts before the chat work.
 * None of these queue calls
 * depends on another (each job body re-reads the record, and a timer of a decided
 * request does nothing), so they are all sent at once: an approved action's job is
 * queued after one Redis round trip, not after the wait timers' removals.
 */
export async function followUp(
  queue: JobQueue,
  record: RequestRecord,
  remindBeforeMs: number,
): Promise<void> {
  const notify = { requestId: record.id, version: record.version };
  await Promise.all([
    ...stateJobs(queue, record, remindBeforeMs),
    queue.enqueue('notify', notify, runsNow(record) ? { behindRun: true } : {}),
  ]);
}

/**
 * The job an approved or queued `record` runs through, and its start time if it has
 * one; undefined for a kubectl request, which runs where its HTTP request is held
 * (the proxy forwards it, no job does).
 */
function runOf(
  record: RequestRecord,
): { readonly name: 'execute-action' | 'create-grant'; readonly runAt: number | undefined } | undefined {
  if (record.request.type === 'api') return undefined;
  return {
    name: record.request.type === 'action' ? 'execute-action' : 'create-grant',
    runAt: record.startAt,
  };
}

/** True when {@link stateJobs} queues `record`'s run to start now. */
function runsNow(record: RequestRecord): boolean {
  if (record.state !== 'approved' && record.state !== 'queued') return false;
  const run = runOf(record);
  return run !== undefined && run.runAt === undefined;
}

/** The queue calls of `record`'s state, sent together by {@link followUp}. */
function stateJobs(queue: JobQueue, record: RequestRecord, remindBeforeMs: number): Promise<void>[] {
  const requestId = record.id;
  switch (record.state) {
    case 'pending': {
      const calls: Promise<void>[] = [];
      if (record.decisionDeadline !== undefined) {
        calls.push(queue.enqueue('expire-request', { requestId }, { runAt: record.decisionDeadline }));
      }
      const remindAt = nextApproverReminderAt(record, record.createdAt);
      if (remindAt !== undefined)
        calls.push(queue.enqueue('remind-approvers', { requestId }, { runAt: remindAt }));
      const escalateAt = nextEscalationAt(record);
      if (escalateAt !== undefined)
        calls.push(queue.enqueue('escalate-request', { requestId }, { runAt: escalateAt }));
      return calls;
    }
    case 'approved':
    case 'queued': {
      const removals = removeWaitTimers(queue, record);
      const run = runOf(record);
      if (!run) return [removals];
      // A request with a start time waits for it (the job body checks it again).
      return [
        queue.enqueue(run.name, { requestId }, run.runAt === undefined ? {} : { runAt: run.runAt }),
        removals,
      ];
    }
    case 'active': {
      const expiresAt = record.grant?.expiresAt;
      if (expiresAt === undefined) return [];
      const calls = [queue.reschedule('revoke-grant', { requestId }, expiresAt)];
      const remindAt = expiresAt - remindBeforeMs;
      if (remindAt > (record.grant?.grantedAt ?? 0))
        calls.push(queue.reschedule('remind-expiry', { requestId }, remindAt));
      return calls;
    }
    case 'revoked':
    case 'expired':
      // A revocation holds its slot for one round trip, not five.
      return [
        queue.remove('revoke-grant', { requestId }),
        queue.remove('remind-expiry', { requestId }),
        removeWaitTimers(queue, record),
      ];
    case 'denied':
      return [removeWaitTimers(queue, record)];
    case 'cancelled':
      // Cancelled while approved ahead of its start time: its run is waiting too.
      return [
        removeWaitTimers(queue, record),
        queue.remove('execute-action', { requestId }),
        queue.remove('create-grant', { requestId }),
      ];
    case 'executing':
    case 'succeeded':
    case 'failed':
      return [];
  }
}
