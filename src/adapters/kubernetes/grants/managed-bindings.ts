import type { V1ClusterRoleBinding, V1RoleBinding } from '@kubernetes/client-node';
import type { ManagedBinding } from '../../../core/ports/cluster-grants.ts';
import type { ApiClients } from '../api-clients.ts';
import { GRANT_ANNOTATIONS, GRANT_LABELS, MANAGED_SELECTOR } from './grant-objects.ts';

/**
 * Every RoleBinding (all namespaces) and ClusterRoleBinding carrying Countersign's
 * labels, with request ID and parsed expiry, for the sweep that deletes expired
 * grants whatever happened to their jobs.
 */
export async function listManagedBindings(clients: ApiClients): Promise<ManagedBinding[]> {
  const [namespaced, clusterWide] = await Promise.all([
    clients.rbac.listRoleBindingForAllNamespaces({ labelSelector: MANAGED_SELECTOR }),
    clients.rbac.listClusterRoleBinding({ labelSelector: MANAGED_SELECTOR }),
  ]);
  return [...namespaced.items, ...clusterWide.items].flatMap(toManaged);
}

function toManaged(binding: V1RoleBinding | V1ClusterRoleBinding): ManagedBinding[] {
  const meta = binding.metadata;
  const requestId = meta?.labels?.[GRANT_LABELS.requestId];
  if (!meta?.name || !requestId) return [];
  const expiresAt = Date.parse(meta.annotations?.[GRANT_ANNOTATIONS.expiresAt] ?? '');
  const requester = meta.annotations?.[GRANT_ANNOTATIONS.requester];
  const roleKind = binding.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole';
  return [
    {
      requestId,
      ...(meta.namespace ? { namespace: meta.namespace } : {}),
      bindingName: meta.name,
      roleRef: { kind: roleKind, name: binding.roleRef.name },
      ...(requester ? { requester } : {}),
      ...(Number.isFinite(expiresAt) ? { expiresAt } : {}),
    },
  ];
}
