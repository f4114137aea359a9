import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { GrantRef } from '../../../core/ports/cluster-grants.ts';
import type { ApiClients } from '../api-clients.ts';
import { toClusterError } from '../cluster-error.ts';
import { labelOther } from '../operation-label.ts';
import { expiresAtAnnotation, GRANT_ANNOTATIONS, grantName } from './grant-objects.ts';

/**
 * Rewrites a grant binding's `countersign.io/expires-at` after an extension, so the
 * sweep does not end an extended grant at its old time. A missing binding is a
 * permanent `target_not_found`: the grant already ended.
 */
export async function updateGrantExpiry(
  clients: ApiClients,
  cluster: string,
  ref: GrantRef,
  expiresAt: number,
): Promise<void> {
  const name = grantName(ref.requestId);
  const body = {
    metadata: { annotations: { [GRANT_ANNOTATIONS.expiresAt]: expiresAtAnnotation(expiresAt) } },
  };
  const options = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const kind = ref.namespace ? 'rolebinding' : 'clusterrolebinding';
  try {
    if (ref.namespace)
      await clients.rbac.patchNamespacedRoleBinding({ name, namespace: ref.namespace, body }, options);
    else await clients.rbac.patchClusterRoleBinding({ name, body }, options);
  } catch (error) {
    throw toClusterError(
      error,
      labelOther(cluster, `extend ${kind} ${name}`, `${kind} ${name}`, ref.namespace),
    );
  }
}
