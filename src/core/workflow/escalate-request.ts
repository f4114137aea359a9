import { escalate } from '../lifecycle/escalate.ts';
import { followUp } from './follow-up.ts';
import { mutateRequest } from './mutate-request.ts';
import type { StepOutcome } from './run-action.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/**
 * The body of the `escalate-request` job and of the sweep's backstop: reaches every
 * escalation step of a pending request that is due now (see `escalate`), then
 * schedules the next step and brings every card up to date (the backups' channels get
 * theirs, the others and their threads say "escalated to …"). `skipped` when nothing
 * was due or the request was decided meanwhile.
 */
export async function escalateRequest(deps: WorkflowDeps, requestId: string): Promise<StepOutcome> {
  const outcome = await mutateRequest(deps.store, requestId, (record) => escalate(record, deps.clock.now()));
  if (!outcome.changed) return 'skipped';
  await followUp(deps.queue, outcome.record, deps.remindBeforeMs);
  return 'done';
}
