import { cancel } from '../lifecycle/cancel.ts';
import type { Principal } from '../ports/identity.ts';
import { followUp } from './follow-up.ts';
import { mutateRequest, type MutationOutcome } from './mutate-request.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/** Withdraws a pending request; only its requester may, and only while it waits for approval. */
export async function cancelRequest(
  deps: WorkflowDeps,
  requestId: string,
  person: Principal,
): Promise<MutationOutcome> {
  const outcome = await mutateRequest(deps.store, requestId, (record) =>
    cancel(record, person, deps.clock.now()),
  );
  if (outcome.changed) await followUp(deps.queue, outcome.record, deps.remindBeforeMs);
  return outcome;
}
