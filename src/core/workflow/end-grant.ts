import { expireGrant } from '../lifecycle/expire-grant.ts';
import { expireUndecided, isPastDeadline } from '../lifecycle/expire-undecided.ts';
import { followUp } from './follow-up.ts';
import { grantRef } from './manage-grant.ts';
import { mutateRequest } from './mutate-request.ts';
import type { StepOutcome } from './run-action.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/**
 * The body of the `revoke-grant` job at a grant's `expiresAt`. The record is ended
 * first, by a compare-and-set that holds only while the grant still ends at the
 * `expiresAt` this job read: an extension that lands in between wins, and the binding
 * stays. Only once the record says the grant ended is the binding deleted (already
 * gone is fine), then the timers are removed and the cards updated; a re-run after a
 * failed delete does both again and reports `skipped` (the record was already
 * ended). A job that fires early (the grant was extended, the job not yet moved)
 * does nothing.
 */
export async function endGrant(deps: WorkflowDeps, requestId: string): Promise<StepOutcome> {
  const outcome = await mutateRequest(deps.store, requestId, (current) =>
    current.state === 'active' && current.grant && deps.clock.now() >= current.grant.expiresAt
      ? expireGrant(current, deps.clock.now(), 'timer')
      : undefined,
  );
  const { record } = outcome;
  if (!record.grant || (record.state !== 'expired' && record.state !== 'revoked')) return 'skipped';
  await deps.cluster.deleteGrant(record.cluster, grantRef(record));
  await followUp(deps.queue, record, deps.remindBeforeMs);
  return outcome.changed ? 'done' : 'skipped';
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
