import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { JobQueue } from '../ports/job-queue.ts';

/**
 * Schedules the jobs a request needs after it reached its current state: the TTL
 * timer while pending, the execution once approved (none for a kubectl request: the
 * proxy holding it forwards it), the revoke and reminder timers
 * while a grant is active (moved on extension), their removal once it ended, and a
 * notification of every copy of its cards. Job IDs are derived from the request, so
 * calling this twice for one state schedules nothing twice.
 */
export async function followUp(
  queue: JobQueue,
  record: RequestRecord,
  remindBeforeMs: number,
): Promise<void> {
  const requestId = record.id;
  switch (record.state) {
    case 'pending':
      if (record.decisionDeadline !== undefined) {
        await queue.enqueue('expire-request', { requestId }, { runAt: record.decisionDeadline });
      }
      break;
    case 'approved':
    case 'queued':
      await queue.remove('expire-request', { requestId });
      // A kubectl request runs where its HTTP request is held: the proxy forwards it, no job does.
      if (record.request.type === 'api') break;
      await queue.enqueue(record.request.type === 'action' ? 'execute-action' : 'create-grant', {
        requestId,
      });
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
      await queue.remove('revoke-grant', { requestId });
      await queue.remove('remind-expiry', { requestId });
      await queue.remove('expire-request', { requestId });
      break;
    case 'denied':
    case 'cancelled':
      await queue.remove('expire-request', { requestId });
      break;
    case 'executing':
    case 'succeeded':
    case 'failed':
      break;
  }
  await queue.enqueue('notify', { requestId, version: record.version });
}
