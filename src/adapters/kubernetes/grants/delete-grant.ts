import type { V1ObjectMeta } from '@kubernetes/client-node';
import { ClusterPermanentError } from '../../../core/ports/cluster-errors.ts';
import type { GrantRef } from '../../../core/ports/cluster-grants.ts';
import type { ApiClients } from '../api-clients.ts';
import { hasStatus, toClusterError } from '../cluster-error.ts';
import { labelOther, type OperationLabel } from '../operation-label.ts';
import { grantName, isOurs } from './grant-objects.ts';

/**
 * Ends a grant: deletes its binding, then the Role generated for it (namespaced
 * grants only). Something already gone is success. An object of that name without
 * this request's labels is left alone and reported, and each delete carries the UID
 * just read, so nothing but the grant's own objects is ever deleted. Resolves `true`
 * when this call deleted the binding, `false` when it was already gone.
 */
export async function deleteGrant(clients: ApiClients, cluster: string, ref: GrantRef): Promise<boolean> {
  const name = grantName(ref.requestId);
  const { namespace } = ref;
  if (namespace) {
    const removed = await deleteIfOurs(
      () => clients.rbac.readNamespacedRoleBinding({ name, namespace }),
      (uid) =>
        clients.rbac.deleteNamespacedRoleBinding({ name, namespace, body: { preconditions: { uid } } }),
      ref.requestId,
      labelOther(cluster, `delete rolebinding ${name}`, `rolebinding ${name}`, namespace),
    );
    await deleteIfOurs(
      () => clients.rbac.readNamespacedRole({ name, namespace }),
      (uid) => clients.rbac.deleteNamespacedRole({ name, namespace, body: { preconditions: { uid } } }),
      ref.requestId,
      labelOther(cluster, `delete role ${name}`, `role ${name}`, namespace),
    );
    return removed;
  }
  return deleteIfOurs(
    () => clients.rbac.readClusterRoleBinding({ name }),
    (uid) => clients.rbac.deleteClusterRoleBinding({ name, body: { preconditions: { uid } } }),
    ref.requestId,
    labelOther(cluster, `delete clusterrolebinding ${name}`, `clusterrolebinding ${name}`),
  );
}

async function deleteIfOurs(
  read: () => Promise<{ metadata?: V1ObjectMeta }>,
  remove: (uid: string) => Promise<unknown>,
  requestId: string,
  label: OperationLabel,
): Promise<boolean> {
  try {
    const existing = await read();
    if (!isOurs(existing.metadata, requestId)) {
      throw new ClusterPermanentError(
        'cluster_conflict',
        `Refusing to ${label.operation} ${label.location}: it was not created by Countersign for request ${requestId}.`,
      );
    }
    await remove(existing.metadata?.uid ?? '');
    return true;
  } catch (error) {
    if (hasStatus(error, 404)) return false;
    throw toClusterError(error, label);
  }
}
