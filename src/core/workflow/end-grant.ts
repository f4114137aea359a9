import { expireGrant } from '../lifecycle/expire-grant.ts';
import { expireUndecided, isPastDeadline } from '../lifecycle/expire-undecided.ts';
import { followUp } from './follow-up.ts';
import { grantRef } from './manage-grant.ts';
import { mutateRequest } from './mutate-request.ts';
import type { StepOutcome } from './run-action.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/**
 * The body of the `revoke-grant` job at a grant's `expiresAt`: deletes the binding
 * (already gone is fine), then records the expiry. A job that fires early (the grant
 * was extended and the job not yet moved) does nothing; the moved job will run.
 */
export async function endGrant(deps: WorkflowDeps, requestId: string): Promise<StepOutcome> {
  const record = await deps.store.get(requestId);
  if (!record || record.state !== 'active' || !record.grant) return 'skipped';
  if (deps.clock.now() < record.grant.expiresAt) return 'skipped';
  await deps.cluster.deleteGrant(record.cluster, grantRef(record));
  const outcome = await mutateRequest(deps.store, requestId, (current) =>
    current.state === 'active' && current.grant && deps.clock.now() >= current.grant.expiresAt
      ? expireGrant(current, deps.clock.now(), 'timer')
      : undefined,
  );
  if (outcome.changed) await followUp(deps.queue, outcome.record, deps.remindBeforeMs);
  return 'done';
}

/** The body of the `expire-request` job: a request nobody decided within its TTL expires. */
export async function expireRequest(deps: WorkflowDeps, requestId: string): Promise<StepOutcome> {
  const outcome = await mutateRequest(deps.store, requestId, (record) => {
    const at = deps.clock.now();
    return record.state === 'pending' && isPastDeadline(record, at) ? expireUndecided(record, at) : undefined;
  });
  if (!outcome.changed) return 'skipped';
  await followUp(deps.queue, outcome.record, deps.remindBeforeMs);
  return 'done';
}
