import { nextApproverReminderAt } from '../lifecycle/approver-reminders.ts';
import { nextEscalationAt } from '../lifecycle/escalate.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { JobQueue } from '../ports/job-queue.ts';

/** Removes the timers of a request waiting for a decision; their bodies also ignore a decided request. */
async function removeWaitTimers(queue: JobQueue, requestId: string): Promise<void> {
  await Promise.all([
    queue.remove('expire-request', { requestId }),
    queue.remove('escalate-request', { requestId }),
    queue.remove('remind-approvers', { requestId }),
  ]);
}

/**
 * Schedules the jobs a request needs after it reached its current state: the TTL
 * timer, the next escalation step and the approvers' reminders while pending, the execution once approved (at its start time, if it has one) (none for a kubectl request: the
 * proxy holding it forwards it), the revoke and reminder timers
 * while a grant is active (moved on extension), their removal once it ended, and a
 * notification of every copy of its cards. Job IDs are derived from the request, so
 * calling this twice for one state schedules nothing twice. Removals that do not
 * depend on each other are sent together.
 */
export async function followUp(
  queue: JobQueue,
  record: RequestRecord,
  remindBeforeMs: number,
): Promise<void> {
  const requestId = record.id;
  switch (record.state) {
    case 'pending': {
      if (record.decisionDeadline !== undefined) {
        await queue.enqueue('expire-request', { requestId }, { runAt: record.decisionDeadline });
      }
      const remindAt = nextApproverReminderAt(record, record.createdAt);
      if (remindAt !== undefined) await queue.enqueue('remind-approvers', { requestId }, { runAt: remindAt });
      const escalateAt = nextEscalationAt(record);
      if (escalateAt !== undefined)
        await queue.enqueue('escalate-request', { requestId }, { runAt: escalateAt });
      break;
    }
    case 'approved':
    case 'queued':
      await removeWaitTimers(queue, requestId);
      // A kubectl request runs where its HTTP request is held: the proxy forwards it, no job does.
      if (record.request.type === 'api') break;
      // A request with a start time waits for it (the job body checks it again).
      await queue.enqueue(
        record.request.type === 'action' ? 'execute-action' : 'create-grant',
        { requestId },
        record.startAt === undefined ? {} : { runAt: record.startAt },
      );
      break;
    case 'active': {
      const expiresAt = record.grant?.expiresAt;
      if (expiresAt === undefined) break;
      await queue.reschedule('revoke-grant', { requestId }, expiresAt);
      const remindAt = expiresAt - remindBeforeMs;
      if (remindAt > (record.grant?.grantedAt ?? 0))
        await queue.reschedule('remind-expiry', { requestId }, remindAt);
      break;
    }
    case 'revoked':
    case 'expired':
      // Independent removals, sent at once: a revocation holds its slot for one round trip, not five.
      await Promise.all([
        queue.remove('revoke-grant', { requestId }),
        queue.remove('remind-expiry', { requestId }),
        removeWaitTimers(queue, requestId),
      ]);
      break;
    case 'denied':
      await removeWaitTimers(queue, requestId);
      break;
    case 'cancelled':
      await removeWaitTimers(queue, requestId);
      // Cancelled while approved ahead of its start time: its run is waiting too.
      await queue.remove('execute-action', { requestId });
      await queue.remove('create-grant', { requestId });
      break;
    case 'executing':
    case 'succeeded':
    case 'failed':
      break;
  }
  await queue.enqueue('notify', { requestId, version: record.version });
}
