import { ClusterPermanentError } from '../../../core/ports/cluster-errors.ts';
import type { TargetRef } from '../../../core/requests/request-types.ts';

/**
 * Refuses an action on a kind the verb cannot act on (e.g. `scale configmap`),
 * naming the kinds it can. The parser should have refused it first; this keeps the
 * adapter safe on its own.
 */
export function requireKind(verb: string, target: TargetRef, kinds: readonly string[]): void {
  if (kinds.includes(target.kind.kind)) return;
  const allowed = kinds.map((k) => k.toLowerCase()).join(', ');
  throw new ClusterPermanentError(
    'cluster_refused',
    `${verb} works on ${allowed}, not on ${target.kind.kind.toLowerCase()} ${target.name}.`,
    {
      example: `/k8s-request ${verb} ${kinds[0]?.toLowerCase() ?? 'deployment'}/NAME -n NAMESPACE --reason "..."`,
    },
  );
}
