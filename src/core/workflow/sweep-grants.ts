import { SYSTEM_ACTOR } from '../audit/audit-event.ts';
import { expireGrant } from '../lifecycle/expire-grant.ts';
import type { ManagedBinding } from '../ports/cluster-grants.ts';
import { endGrant } from './end-grant.ts';
import { followUp } from './follow-up.ts';
import { mutateRequest } from './mutate-request.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/** What one sweep found and removed. */
export interface SweepReport {
  /** Bindings deleted from clusters because their `expires-at` had passed (or was missing). */
  readonly removedBindings: number;
  /** Active grants past expiry in the store that the sweep ended. */
  readonly endedGrants: number;
}

/**
 * The body of the repeatable `sweep-grants` job, the backstop of SPEC §5.6: deletes
 * every managed binding past its `countersign.io/expires-at` (a binding with no
 * readable expiry counts as expired: every grant ends) and records each removal in
 * the audit, then ends any grant the store still shows active past its expiry. A
 * lost revoke job, a restart or a deleted timer therefore cannot leave access behind.
 */
export async function sweepGrants(deps: WorkflowDeps): Promise<SweepReport> {
  let removedBindings = 0;
  for (const cluster of deps.cluster.clusterNames()) {
    const bindings = await deps.cluster.listManagedBindings(cluster);
    for (const binding of bindings) {
      if (binding.expiresAt !== undefined && binding.expiresAt > deps.clock.now()) continue;
      await deps.cluster.deleteGrant(cluster, binding);
      await recordSweep(deps, binding);
      removedBindings++;
    }
  }
  let endedGrants = 0;
  for (const record of await deps.store.listActiveGrants()) {
    if (!record.grant || record.grant.expiresAt > deps.clock.now()) break;
    if ((await endGrant(deps, record.id)) === 'done') endedGrants++;
  }
  return { removedBindings, endedGrants };
}

async function recordSweep(deps: WorkflowDeps, binding: ManagedBinding): Promise<void> {
  const outcome = await mutateRequest(deps.store, binding.requestId, (record) =>
    record.state === 'active' && record.grant && deps.clock.now() >= record.grant.expiresAt
      ? expireGrant(record, deps.clock.now(), 'sweep')
      : undefined,
  ).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'request_not_found') return undefined;
    throw error;
  });
  if (outcome?.changed) {
    await followUp(deps.queue, outcome.record, deps.remindBeforeMs);
    return;
  }
  const at = deps.clock.now();
  await deps.audit.append([
    {
      type: 'swept',
      requestId: binding.requestId,
      at: new Date(at).toISOString(),
      actor: SYSTEM_ACTOR,
      details: {
        bindingName: binding.bindingName,
        expiresAt: binding.expiresAt === undefined ? 'missing' : new Date(binding.expiresAt).toISOString(),
      },
    },
  ]);
}
