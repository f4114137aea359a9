import type { AccessRule } from '../requests/request-types.ts';

/** What a grant binds: an existing Role or ClusterRole, or exact rules in a Role generated for the grant. */
export type GrantRole =
  | { readonly kind: 'Role' | 'ClusterRole'; readonly name: string }
  | { readonly kind: 'rules'; readonly rules: readonly AccessRule[] };

/**
 * One time-bound grant to write to a cluster. A `namespace` makes it a RoleBinding;
 * without one it is a ClusterRoleBinding, which may bind only a ClusterRole (narrow
 * rules are always namespaced).
 */
export interface GrantSpec {
  /** Names the binding `countersign-<requestId>`; letters, digits, `-`, `_`, `.`, at most 63 characters. */
  readonly requestId: string;
  /** Kubernetes username of the person the grant is for. */
  readonly requester: string;
  readonly namespace?: string;
  readonly role: GrantRole;
  /** When the grant ends, ms since the epoch; written as RFC 3339 for the sweep. */
  readonly expiresAt: number;
  /** Usernames of the people who approved it. */
  readonly approvers: readonly string[];
  readonly reason: string;
}

/**
 * Where a grant's binding lives: its request and, for a RoleBinding, its namespace;
 * and, when known, what its creation returned, so ending it takes one call.
 */
export interface GrantRef {
  readonly requestId: string;
  /** Absent for a ClusterRoleBinding. */
  readonly namespace?: string;
  /** The binding's UID as created (or adopted): deleted with it as a precondition, without reading it first. */
  readonly uid?: string;
  /** Whether a Role was generated for the grant; unknown (absent) means look for one. */
  readonly roleGenerated?: boolean;
}

/** The role a binding points at. */
export interface BoundRole {
  readonly kind: 'Role' | 'ClusterRole';
  readonly name: string;
}

/** The binding a grant created or found already in place. */
export interface GrantResult extends GrantRef {
  readonly bindingName: string;
  readonly roleRef: BoundRole;
  /** False when the binding already existed for this request (a retry). */
  readonly created: boolean;
}

/** A binding carrying Countersign's labels, as the sweep reads it. */
export interface ManagedBinding extends GrantRef {
  readonly bindingName: string;
  readonly roleRef: BoundRole;
  readonly requester?: string;
  /** Parsed `countersign.io/expires-at`, ms since the epoch; undefined when missing or unreadable. */
  readonly expiresAt?: number;
}
