import type { V1ObjectMeta } from '@kubernetes/client-node';
import { ClusterPermanentError } from '../../../core/ports/cluster-errors.ts';
import type { GrantRef } from '../../../core/ports/cluster-grants.ts';
import type { ApiClients } from '../api-clients.ts';
import { hasStatus, toClusterError } from '../cluster-error.ts';
import { labelOther, type OperationLabel } from '../operation-label.ts';
import { grantName, isOurs } from './grant-objects.ts';

/**
 * Ends a grant: deletes its binding, then the Role generated for it (namespaced
 * grants only). Something already gone is success. Each delete carries a UID as a
 * precondition, so nothing but the grant's own objects is ever deleted: the UID its
 * creation reported when the ref has one (one call, no read; a revocation burst
 * then costs the API server what plain deletes cost), else the UID just read from an
 * object carrying this request's labels. An object of that name without them is
 * left alone and reported. The Role step is skipped when the ref says none was
 * generated. Resolves `true` when this call deleted the binding, `false` when it was
 * already gone.
 */
export async function deleteGrant(clients: ApiClients, cluster: string, ref: GrantRef): Promise<boolean> {
  const name = grantName(ref.requestId);
  const { namespace } = ref;
  if (namespace) {
    const label = labelOther(cluster, `delete rolebinding ${name}`, `rolebinding ${name}`, namespace);
    const removeBinding = (uid: string) =>
      clients.rbac.deleteNamespacedRoleBinding({ name, namespace, body: { preconditions: { uid } } });
    const removed =
      (await deleteKnown(ref.uid, removeBinding, label)) ??
      (await deleteIfOurs(
        () => clients.rbac.readNamespacedRoleBinding({ name, namespace }),
        removeBinding,
        ref.requestId,
        label,
      ));
    if (ref.roleGenerated === false) return removed;
    await deleteIfOurs(
      () => clients.rbac.readNamespacedRole({ name, namespace }),
      (uid) => clients.rbac.deleteNamespacedRole({ name, namespace, body: { preconditions: { uid } } }),
      ref.requestId,
      labelOther(cluster, `delete role ${name}`, `role ${name}`, namespace),
    );
    return removed;
  }
  const label = labelOther(cluster, `delete clusterrolebinding ${name}`, `clusterrolebinding ${name}`);
  const removeBinding = (uid: string) =>
    clients.rbac.deleteClusterRoleBinding({ name, body: { preconditions: { uid } } });
  return (
    (await deleteKnown(ref.uid, removeBinding, label)) ??
    deleteIfOurs(() => clients.rbac.readClusterRoleBinding({ name }), removeBinding, ref.requestId, label)
  );
}

/**
 * Deletes the object with the UID its creation reported: true when deleted, false
 * when nothing of that name exists, undefined when there is no UID to go by or the
 * object of that name has another UID (409: not the one created), so the caller
 * reads what is there instead.
 */
async function deleteKnown(
  uid: string | undefined,
  remove: (uid: string) => Promise<unknown>,
  label: OperationLabel,
): Promise<boolean | undefined> {
  if (uid === undefined) return undefined;
  try {
    await remove(uid);
    return true;
  } catch (error) {
    if (hasStatus(error, 404)) return false;
    if (hasStatus(error, 409)) return undefined;
    throw toClusterError(error, label);
  }
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
