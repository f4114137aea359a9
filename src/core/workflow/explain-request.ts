import type { PolicyDecision } from '../policy/decision.ts';
import type { Principal } from '../ports/identity.ts';
import type { ChangeRequest } from '../requests/request-types.ts';
import type { WorkflowDeps } from './workflow-deps.ts';
import { requestedCluster } from './requested-cluster.ts';
import { startTimeOf } from './start-time.ts';
import { decideWithOnCall } from './requester-on-call.ts';

/** What policy would do with a request, and on which cluster it was asked. */
export interface Explanation {
  readonly cluster: string;
  readonly decision: PolicyDecision;
}

/**
 * Says what policy would do with `request` from `requester` now (at its start time when
 * it has `--at` / `--in`, with the same `start_in_past` refusal), exactly as
 * `submitRequest` would decide it (the target's labels and annotations are read from
 * the cluster, so a missing target is the same error), without filing anything,
 * previewing or scheduling (the on-call services are asked as filing would). Backs `/k8s-request explain ...`.
 */
export async function explainRequest(
  deps: WorkflowDeps,
  request: ChangeRequest,
  requester: Principal,
): Promise<Explanation> {
  const now = deps.clock.now();
  const at = startTimeOf(request, now) ?? now;
  const cluster = requestedCluster(deps, request);
  const snapshot =
    request.type === 'action' ? await deps.cluster.lookupTarget(cluster, request.target) : undefined;
  const { decision } = await decideWithOnCall(
    deps,
    {
      request,
      cluster,
      ...(snapshot ? { target: { labels: snapshot.labels, annotations: snapshot.annotations } } : {}),
      at,
    },
    requester,
  );
  return { cluster, decision };
}
