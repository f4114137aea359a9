import { followUp } from './follow-up.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/** How long a request may sit approved, queued or executing before the sweep re-dispatches its job. */
export const STALL_AFTER_MS = 60_000;

/**
 * The outbox backstop: a process that dies between recording an approval and
 * enqueueing its job leaves the request approved with no job. The periodic sweep
 * calls this to enqueue, again, the job of every request in flight for longer than
 * {@link STALL_AFTER_MS}. Job IDs derive from the request, so a job that still exists
 * (waiting, running, or retried after a crash) is not duplicated: only lost ones come back.
 */
export async function redispatchStalled(deps: WorkflowDeps): Promise<number> {
  const stalled = await deps.store.listInFlightSince(deps.clock.now() - STALL_AFTER_MS);
  for (const record of stalled) await followUp(deps.queue, record, deps.remindBeforeMs);
  return stalled.length;
}
