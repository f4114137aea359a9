import { enqueue } from '../lifecycle/enqueue.ts';
import { fail } from '../lifecycle/fail.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import { policyVerdict } from '../lifecycle/policy-verdict.ts';
import { startExecution } from '../lifecycle/start-execution.ts';
import { stopByPolicy } from '../lifecycle/stop-by-policy.ts';
import { succeed } from '../lifecycle/succeed.ts';
import type { ExecutionContext } from '../ports/cluster.ts';
import { ClusterPermanentError } from '../ports/cluster-errors.ts';
import { reservedMessage, reservedNamespaceOf } from '../policy/reserved-namespaces.ts';
import { executeIdentity } from './execute-identity.ts';
import { followUp } from './follow-up.ts';
import { mutateRequest } from './mutate-request.ts';
import { reservedNamespaces, type WorkflowDeps } from './workflow-deps.ts';

/** Where the record stands after a job step: done (final state reached) or still running. */
export type StepOutcome = 'done' | 'skipped';

/**
 * Moves an approved request to `executing` (through `queued` if the approval path did
 * not get that far), bumping the attempt count. Right before that, the request is
 * re-evaluated against the policy in force: one policy no longer allows (a change
 * freeze, a closed time window, approvals that no longer meet it) is stopped as denied
 * by policy, audited, and not run. Returns undefined when the request is not one this
 * job should run any more (stopped, already finished, cancelled, ...).
 */
export async function beginExecution(
  deps: WorkflowDeps,
  requestId: string,
  known?: RequestRecord,
): Promise<RequestRecord | undefined> {
  const outcome = await mutateRequest(
    deps.store,
    requestId,
    (record) => {
      const at = deps.clock.now();
      if (record.state === 'approved' || record.state === 'queued') {
        const verdict = policyVerdict(deps.policy(), record, at, 'execution');
        if (!verdict.allowed) return stopByPolicy(record, at, verdict.reason);
      }
      if (record.state === 'approved') {
        const queued = enqueue(record, at);
        const started = startExecution(queued.record, at);
        // Two transitions in one write: the store compare-and-sets one version step.
        return {
          record: { ...started.record, version: record.version + 1 },
          events: [...queued.events, ...started.events],
        };
      }
      if (record.state === 'queued' || record.state === 'executing') return startExecution(record, at);
      return undefined;
    },
    known,
  );
  if (!outcome.changed) return undefined;
  if (outcome.record.state === 'denied') {
    await followUp(deps.queue, outcome.record, deps.remindBeforeMs);
    return undefined;
  }
  return outcome.record;
}

/**
 * Fails a request that touches a reserved namespace (the list may have changed since
 * it was filed); true when it did. No policy makes such a request run.
 */
export async function refusedAsReserved(deps: WorkflowDeps, record: RequestRecord): Promise<boolean> {
  const namespace = reservedNamespaceOf(record.request, reservedNamespaces(deps));
  if (namespace === undefined) return false;
  await recordFailure(deps, record.id, reservedMessage(record.request, namespace));
  return true;
}

/** Records a permanent failure and tells whoever follows the request. */
export async function recordFailure(deps: WorkflowDeps, requestId: string, error: string): Promise<void> {
  const outcome = await mutateRequest(deps.store, requestId, (record) =>
    record.state === 'executing' || record.state === 'queued' || record.state === 'approved'
      ? fail(record, deps.clock.now(), error)
      : undefined,
  );
  if (outcome.changed) await followUp(deps.queue, outcome.record, deps.remindBeforeMs);
}

/**
 * The body of the `execute-action` job: runs an approved action on its cluster
 * exactly once in effect. The cluster operations are idempotent and keyed by the
 * request (a restart stamps the approval time), so a retry after a crash converges
 * instead of acting twice. A permanent refusal fails the request; a transient error
 * is rethrown for the queue to retry (see {@link recordFailure} for the last try).
 * `known` is the record as the job just read it, if it did (see `mutateRequest`).
 */
export async function runAction(
  deps: WorkflowDeps,
  requestId: string,
  known?: RequestRecord,
): Promise<StepOutcome> {
  const record = await beginExecution(deps, requestId, known);
  if (!record || record.request.type !== 'action') return 'skipped';
  if (record.decision.outcome === 'deny') return 'skipped';
  if (await refusedAsReserved(deps, record)) return 'done';
  const context: ExecutionContext = {
    requestId,
    approvedAt: record.timestamps.approved ?? record.createdAt,
    ...(record.targetUid ? { targetUid: record.targetUid } : {}),
    ...(record.rollback ? { rollback: record.rollback } : {}),
    ...(record.targetReplicas === undefined ? {} : { replicasAtFiling: record.targetReplicas }),
  };
  try {
    const as = executeIdentity(record.decision.executeAs, record.requester);
    const result = await deps.cluster.execute(record.cluster, record.request, as, context);
    const outcome = await mutateRequest(
      deps.store,
      requestId,
      (current) =>
        current.state === 'executing' ? succeed(current, deps.clock.now(), result.summary) : undefined,
      record,
    );
    if (outcome.changed) await followUp(deps.queue, outcome.record, deps.remindBeforeMs);
    return 'done';
  } catch (error) {
    if (error instanceof ClusterPermanentError) {
      await recordFailure(deps, requestId, error.message);
      return 'done';
    }
    throw error;
  }
}
