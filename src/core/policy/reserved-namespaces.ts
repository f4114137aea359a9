import { UserFacingError } from '../errors.ts';
import type { ChangeRequest } from '../requests/request-types.ts';

/**
 * Namespaces no request may act in or grant access to, whatever policy says, unless
 * configured otherwise (`COUNTERSIGN_RESERVED_NAMESPACES`): Countersign's own, where a
 * pod could run as its ServiceAccount (which may impersonate people), and the
 * cluster's control-plane namespace.
 */
export const DEFAULT_RESERVED_NAMESPACES: readonly string[] = ['countersign', 'kube-system'];

/**
 * The reserved namespace `request` would act in or grant access to (its target's or
 * grant's namespace); undefined when it touches none.
 * A cluster-wide grant (`clusterrole/NAME`) is bound in no namespace and is not
 * caught here: its ClusterRole applies everywhere, so policy must allow it explicitly.
 */
export function reservedNamespaceOf(request: ChangeRequest, reserved: readonly string[]): string | undefined {
  const namespace = request.type === 'action' ? request.target.namespace : request.namespace;
  return namespace !== undefined && reserved.includes(namespace) ? namespace : undefined;
}

/** Refuses a request that touches a reserved namespace (see {@link reservedNamespaceOf}), naming it. */
export function refuseReservedNamespace(request: ChangeRequest, reserved: readonly string[]): void {
  const namespace = reservedNamespaceOf(request, reserved);
  if (namespace === undefined) return;
  throw new UserFacingError('reserved_namespace', reservedMessage(request, namespace));
}

/** Why a request touching reserved `namespace` is refused, for filing and for a request already queued. */
export function reservedMessage(request: ChangeRequest, namespace: string): string {
  const what = request.type === 'access' ? 'grant access in' : 'act on';
  return `Countersign does not ${what} namespace ${namespace}: it is reserved (Countersign's own namespace or the cluster's system namespace), whatever the policy says. An administrator changes it directly.`;
}
