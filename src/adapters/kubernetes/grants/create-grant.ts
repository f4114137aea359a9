import type { V1ClusterRoleBinding, V1RoleBinding } from '@kubernetes/client-node';
import { ClusterPermanentError } from '../../../core/ports/cluster-errors.ts';
import type { GrantResult, GrantSpec } from '../../../core/ports/cluster-grants.ts';
import type { ApiClients } from '../api-clients.ts';
import { toClusterError } from '../cluster-error.ts';
import { labelOther } from '../operation-label.ts';
import { createOrAdopt } from './adopt-or-create.ts';
import { boundRole, generatedRole, grantBinding, grantName } from './grant-objects.ts';

/**
 * Writes a grant with Countersign's own credentials: for narrow rules first a Role
 * holding exactly those rules, then the RoleBinding (or ClusterRoleBinding) of the
 * requester to the role. Both are named `countersign-<requestId>`, so a retry finds
 * them and succeeds without creating a second binding.
 */
export async function createGrant(
  clients: ApiClients,
  cluster: string,
  spec: GrantSpec,
): Promise<GrantResult> {
  const name = grantName(spec.requestId);
  refuseImpossibleScope(spec, name);
  const namespace = spec.namespace;
  const role = generatedRole(spec);
  const roleRef = boundRole(spec);
  if (role && namespace) {
    const label = labelOther(cluster, `create role ${name}`, `role ${name}`, namespace);
    await createOrAdopt(
      {
        create: () => clients.rbac.createNamespacedRole({ namespace, body: role }),
        read: () => clients.rbac.readNamespacedRole({ name, namespace }),
        matches: () => true,
      },
      spec.requestId,
      label,
    ).catch((error: unknown) => Promise.reject(toClusterError(error, label)));
  }
  const body = grantBinding(spec);
  const kind = namespace ? 'rolebinding' : 'clusterrolebinding';
  const label = labelOther(
    cluster,
    `bind ${spec.requester} to ${roleRef.kind} ${roleRef.name}`,
    `${kind} ${name}`,
    namespace,
  );
  const matches = (existing: V1RoleBinding | V1ClusterRoleBinding) =>
    existing.roleRef.kind === roleRef.kind &&
    existing.roleRef.name === roleRef.name &&
    (existing.subjects ?? []).some((s) => s.kind === 'User' && s.name === spec.requester);
  const binding = await createOrAdopt(
    namespace
      ? {
          create: () => clients.rbac.createNamespacedRoleBinding({ namespace, body }),
          read: () => clients.rbac.readNamespacedRoleBinding({ name, namespace }),
          matches,
        }
      : {
          create: () => clients.rbac.createClusterRoleBinding({ body }),
          read: () => clients.rbac.readClusterRoleBinding({ name }),
          matches,
        },
    spec.requestId,
    label,
  ).catch((error: unknown) => Promise.reject(toClusterError(error, label)));
  return {
    requestId: spec.requestId,
    ...(namespace ? { namespace } : {}),
    bindingName: name,
    roleRef,
    created: binding.created,
    ...(binding.uid !== undefined ? { uid: binding.uid } : {}),
    roleGenerated: role !== undefined,
  };
}

function refuseImpossibleScope(spec: GrantSpec, name: string): void {
  if (spec.namespace) return;
  if (spec.role.kind === 'ClusterRole') return;
  throw new ClusterPermanentError(
    'cluster_refused',
    `Grant ${name} has no namespace, so it needs a ClusterRole; ${spec.role.kind === 'rules' ? 'narrow rules' : `Role ${spec.role.name}`} can only be granted in a namespace.`,
    { example: '/k8s-request access get,list pods -n prod-payments --for 30m --reason "..."' },
  );
}
