import type { V1ClusterRoleBinding, V1RoleBinding } from '@kubernetes/client-node';
import type { ManagedBinding } from '../../../core/ports/cluster-grants.ts';
import type { ApiClients } from '../api-clients.ts';
import { GRANT_ANNOTATIONS, GRANT_LABELS, MANAGED_SELECTOR } from './grant-objects.ts';

/** Bindings asked of the API server per list call (`limit`); the rest follow by `continue`. */
export const BINDING_PAGE_SIZE = 500;

/**
 * Every RoleBinding (all namespaces) and ClusterRoleBinding carrying Countersign's
 * labels, with request ID and parsed expiry, for the sweep that deletes expired
 * grants whatever happened to their jobs. The API server is read `pageSize` objects
 * at a time (`limit`/`continue`), and only the small {@link ManagedBinding} of each
 * is kept, so 10,000 grants never arrive as one response. Each keeps its UID, so the
 * sweep deletes it without reading it again.
 */
export async function listManagedBindings(
  clients: ApiClients,
  pageSize: number = BINDING_PAGE_SIZE,
): Promise<ManagedBinding[]> {
  const managed: ManagedBinding[] = [];
  const query = { labelSelector: MANAGED_SELECTOR, limit: pageSize };
  let next: string | undefined;
  do {
    const page = await clients.rbac.listRoleBindingForAllNamespaces({
      ...query,
      ...(next ? { _continue: next } : {}),
    });
    for (const binding of page.items) managed.push(...toManaged(binding));
    next = page.metadata?._continue || undefined;
  } while (next);
  do {
    const page = await clients.rbac.listClusterRoleBinding({
      ...query,
      ...(next ? { _continue: next } : {}),
    });
    for (const binding of page.items) managed.push(...toManaged(binding));
    next = page.metadata?._continue || undefined;
  } while (next);
  return managed;
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
      ...(meta.uid ? { uid: meta.uid } : {}),
      // A generated Role carries the binding's own name (see grant-objects.ts).
      roleGenerated: roleKind === 'Role' && binding.roleRef.name === meta.name,
      ...(requester ? { requester } : {}),
      ...(Number.isFinite(expiresAt) ? { expiresAt } : {}),
    },
  ];
}
