import { grantName } from '../../src/adapters/kubernetes/grants/grant-objects.ts';
import { parseCommand } from '../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../src/core/requests/request-types.ts';
import { decideRequest } from '../../src/core/workflow/decide-request.ts';
import { grantAccess } from '../../src/core/workflow/grant-access.ts';
import { submitRequest } from '../../src/core/workflow/submit-request.ts';
import type { WorkflowDeps } from '../../src/core/workflow/workflow-deps.ts';
import { principalOf } from './bench-workspace.ts';
import { withContentionRetry, type RetryCounter } from './contention-retry.ts';
import { inParallel } from './in-parallel.ts';
import { timersOnlyQueue } from './timers-only-queue.ts';

/** One grant in force, as the seeding left it. */
export interface SeededGrant {
  readonly requestId: string;
  readonly namespace: string;
  readonly bindingName: string;
  /** From the stored record, ms since the epoch. */
  readonly expiresAt: number;
}

/** How many grants, where, and when they should expire. */
export interface FleetPlan {
  readonly namespace: string;
  readonly count: number;
  /** Grant `i` is asked for long enough to expire near `firstExpiryMs + i · spreadMs / count`. */
  readonly firstExpiryMs: number;
  readonly spreadMs: number;
  /** Grants seeded at once (each is a few Redis scripts and one RoleBinding create). */
  readonly concurrency: number;
  /** Counts fixture writes retried after `audit_contention`. */
  readonly retries: RetryCounter;
}

/**
 * Seeds active grants through the workflow itself: `submitRequest` of
 * `access role/view -n NS --for Ns` by alice, `decideRequest` approve by bob, then
 * `grantAccess` — the body of the create-grant job — which creates the real RoleBinding
 * through the Kubernetes adapter, activates the grant (its clock starts then) and
 * schedules its revoke-grant timer in BullMQ. Each request asks for the whole seconds
 * that make it expire at its planned time (±1 s); the real `expiresAt` is read back.
 * The queue passed to the workflow drops create-grant (run here instead, so no worker
 * races it) and notify enqueues (see timersOnlyQueue). A step the audit chain refuses
 * with `audit_contention` is tried again and counted. Throws if any grant is not active.
 */
export async function seedGrants(deps: WorkflowDeps, plan: FleetPlan): Promise<SeededGrant[]> {
  const seeding: WorkflowDeps = { ...deps, queue: timersOnlyQueue(deps.queue) };
  const indexes = Array.from({ length: plan.count }, (_, i) => i);
  return inParallel(indexes, plan.concurrency, async (i) => {
    const target = plan.firstExpiryMs + (i * plan.spreadMs) / plan.count;
    const seconds = Math.round((target - Date.now()) / 1000);
    if (seconds < 1)
      throw new Error(`grant ${i} of ${plan.namespace} would be seeded after its planned expiry`);
    const text = `access role/view -n ${plan.namespace} --for ${seconds}s --reason "bench grant ${i}"`;
    const request = parseCommand(text) as ChangeRequest;
    const filed = await withContentionRetry(plan.retries, () =>
      submitRequest(seeding, { text, request, requester: principalOf('alice') }),
    );
    await withContentionRetry(plan.retries, () =>
      decideRequest(seeding, { requestId: filed.id, person: principalOf('bob'), verdict: 'approve' }),
    );
    await withContentionRetry(plan.retries, () => grantAccess(seeding, filed.id));
    const record = await deps.store.get(filed.id);
    if (record?.state !== 'active' || !record.grant) {
      throw new Error(`seeded grant ${filed.id} is ${record?.state}, not active`);
    }
    return {
      requestId: filed.id,
      namespace: plan.namespace,
      bindingName: grantName(filed.id),
      expiresAt: record.grant.expiresAt,
    };
  });
}
