import { SYSTEM_ACTOR } from '../audit/audit-event.ts';
import { expireGrant } from '../lifecycle/expire-grant.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { ManagedBinding } from '../ports/cluster-grants.ts';
import { endGrant } from './end-grant.ts';
import { followUp } from './follow-up.ts';
import { mutateRequest } from './mutate-request.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/** Bindings or grants the sweep holds at once: it reads them a page at a time. */
export const SWEEP_PAGE = 500;

/** What one sweep found and removed. */
export interface SweepReport {
  /** Bindings deleted from clusters because their `expires-at` had passed (or was missing). */
  readonly removedBindings: number;
  /** Active grants past expiry in the store that the sweep ended. */
  readonly endedGrants: number;
  /** Clusters whose bindings could not be read or deleted this time, and why; the next sweep tries again. */
  readonly unreachableClusters: readonly { readonly cluster: string; readonly error: string }[];
}

/**
 * The body of the repeatable `sweep-grants` job, the backstop of docs/spec.md §5.6: deletes
 * every managed binding past its `countersign.io/expires-at` (a binding with no
 * readable expiry counts as expired: every grant ends) and records each removal in
 * the audit, then ends any grant the store still shows active past its expiry. A
 * lost revoke job, a restart, a deleted timer or a store that lost its data therefore
 * cannot leave access behind: the bindings alone say what must go. Where the store
 * still holds the grant, its record is ended first by compare-and-set, and a grant
 * extended meanwhile keeps its binding. A cluster that cannot be reached does not stop
 * the sweep: the others are swept, due grants whose binding sits there are still ended
 * in the store, and it is reported (once) in `unreachableClusters`.
 */
export async function sweepGrants(deps: WorkflowDeps): Promise<SweepReport> {
  let removedBindings = 0;
  const unreachableClusters: { cluster: string; error: string }[] = [];
  const unreachable = (cluster: string, error: unknown): void => {
    if (unreachableClusters.some((u) => u.cluster === cluster)) return;
    unreachableClusters.push({ cluster, error: error instanceof Error ? error.message : String(error) });
  };
  for (const cluster of deps.cluster.clusterNames()) {
    try {
      removedBindings += await sweepCluster(deps, cluster);
    } catch (error) {
      unreachable(cluster, error);
    }
  }
  let endedGrants = 0;
  const now = deps.clock.now();
  let cursor: string | undefined;
  do {
    const page = await deps.store.listGrantsDueBy(now, SWEEP_PAGE, cursor);
    for (const record of page.records) {
      // The record is ended before its binding is deleted; a binding left on a cluster
      // that cannot be reached now is past its expiry, so the next sweep of that
      // cluster removes it.
      try {
        if ((await endGrant(deps, record.id)) === 'done') endedGrants++;
      } catch (error) {
        unreachable(record.cluster, error);
      }
    }
    cursor = page.next;
  } while (cursor !== undefined);
  return { removedBindings, endedGrants, unreachableClusters };
}

/** Deletes the expired managed bindings of one cluster; returns how many this call removed. */
async function sweepCluster(deps: WorkflowDeps, cluster: string): Promise<number> {
  let removedBindings = 0;
  const bindings = await deps.cluster.listManagedBindings(cluster);
  for (const binding of bindings) {
    if (binding.expiresAt !== undefined && binding.expiresAt > deps.clock.now()) continue;
    const record = await endRecord(deps, binding);
    if (record === 'extended') continue;
    const removed = await deps.cluster.deleteGrant(cluster, binding);
    // A binding with no grant left to end is audited here, but only by the sweep that
    // deleted it: two sweeps that overlap both see it, and one finds it gone.
    if (record === 'ended' && removed) await auditSweep(deps, binding);
    else if (record !== 'ended') await followUp(deps.queue, record, deps.remindBeforeMs);
    if (removed) removedBindings++;
  }
  return removedBindings;
}

/**
 * Ends the record of an expired binding's grant: the record that this call expired,
 * `extended` when the store shows the grant still running (an extension moved it),
 * or `ended` when there is nothing to end (no record, or one already over).
 */
async function endRecord(
  deps: WorkflowDeps,
  binding: ManagedBinding,
): Promise<RequestRecord | 'extended' | 'ended'> {
  const outcome = await mutateRequest(deps.store, binding.requestId, (record) =>
    record.state === 'active' && record.grant && deps.clock.now() >= record.grant.expiresAt
      ? expireGrant(record, deps.clock.now(), 'sweep')
      : undefined,
  ).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'request_not_found') return undefined;
    throw error;
  });
  if (!outcome) return 'ended';
  if (outcome.changed) return outcome.record;
  return outcome.record.state === 'active' ? 'extended' : 'ended';
}

async function auditSweep(deps: WorkflowDeps, binding: ManagedBinding): Promise<void> {
  await deps.audit.append([
    {
      type: 'swept',
      requestId: binding.requestId,
      at: new Date(deps.clock.now()).toISOString(),
      actor: SYSTEM_ACTOR,
      details: {
        bindingName: binding.bindingName,
        expiresAt: binding.expiresAt === undefined ? 'missing' : new Date(binding.expiresAt).toISOString(),
      },
    },
  ]);
}
