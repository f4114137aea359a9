import { expireRequest } from './end-grant.ts';
import { escalateRequest } from './escalate-request.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/** What one sweep did to requests waiting for a decision. */
export interface PendingSweepReport {
  /** Requests whose due escalation steps the sweep reached. */
  readonly escalated: number;
  /** Requests past their decision deadline the sweep expired. */
  readonly expired: number;
}

/**
 * The backstop of the timers of a pending request (docs/spec.md §5.6 applied to
 * waiting): every pending request whose next escalation step or decision deadline is
 * due is escalated or expired right here, by the same compare-and-set bodies the
 * `escalate-request` and `expire-request` jobs run, so a lost or deleted timer job
 * never leaves a request waiting on nobody. Escalating schedules the next step again.
 */
export async function sweepPending(deps: WorkflowDeps): Promise<PendingSweepReport> {
  let escalated = 0;
  let expired = 0;
  for (const record of await deps.store.listPendingDue(deps.clock.now())) {
    if ((await escalateRequest(deps, record.id)) === 'done') escalated++;
    if ((await expireRequest(deps, record.id)) === 'done') expired++;
  }
  return { escalated, expired };
}
