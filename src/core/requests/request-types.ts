import type { KindInfo } from './kinds.ts';

/** The one-off operations Countersign executes after approval. */
export const ACTION_VERBS = [
  'delete',
  'scale',
  'restart',
  'cordon',
  'uncordon',
  'drain',
  'patch',
  'rollback',
] as const;
export type ActionVerb = (typeof ACTION_VERBS)[number];

/** Verbs policy can match on: every action verb, plus `access` for grants. */
export type PolicyVerb = ActionVerb | 'access';

/** RBAC verbs an access request may ask for; never `*`, `escalate`, `bind` or `impersonate`. */
export const ACCESS_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
] as const;
export type AccessVerb = (typeof ACCESS_VERBS)[number];

/** The object an action names. */
export interface TargetRef {
  readonly kind: KindInfo;
  readonly name: string;
  /** Absent for cluster-scoped kinds such as Node. */
  readonly namespace?: string;
}

/** Flags every request carries. */
export interface CommonFlags {
  /** Cluster name from `--cluster`; absent means the configured default. */
  readonly cluster?: string;
  /** Incident ID from `--incident`, e.g. `INC-4312`. */
  readonly incident?: string;
  readonly reason: string;
  /** `--break-glass`: run at once where policy allows it (requires `--incident`). */
  readonly breakGlass: boolean;
}

/** A one-off API operation on one object. */
export type ActionRequest = CommonFlags & {
  readonly type: 'action';
  readonly target: TargetRef;
} & (
    | { readonly verb: 'delete' | 'restart' | 'cordon' | 'uncordon' | 'drain' }
    | { readonly verb: 'scale'; readonly replicas: number }
    | { readonly verb: 'patch'; readonly patch: Readonly<Record<string, unknown>> }
    | { readonly verb: 'rollback'; readonly toRevision?: number }
  );

/** One RBAC rule of a generated narrow Role. */
export interface AccessRule {
  readonly verbs: readonly AccessVerb[];
  /** Plural resource names, possibly with a subresource, e.g. `pods/log`. */
  readonly resources: readonly string[];
  /** API group of the resources (all resources of one rule share a group). */
  readonly apiGroup: string;
  /** Limits the rule to these object names; empty means all objects. */
  readonly resourceNames: readonly string[];
}

/** What an access request asks to be bound to. */
export type AccessGrant =
  | { readonly kind: 'role'; readonly role: string; readonly scope: 'namespace' | 'cluster' }
  | { readonly kind: 'rules'; readonly rules: readonly AccessRule[] };

/** A time-bound grant of a role or of exact verbs on exact resources. */
export type AccessRequest = CommonFlags & {
  readonly type: 'access';
  readonly grant: AccessGrant;
  /** Absent only for a cluster-scoped grant (`clusterrole/NAME`). */
  readonly namespace?: string;
  /** Requested length of the grant, in seconds. */
  readonly durationSeconds: number;
};

/** A request that, once approved, changes a cluster. */
export type ChangeRequest = ActionRequest | AccessRequest;

/** Commands that read or manage requests rather than file one. */
export type HousekeepingCommand =
  | { readonly type: 'form' }
  | { readonly type: 'status'; readonly id?: string }
  | { readonly type: 'list' }
  | { readonly type: 'cancel'; readonly id: string }
  | { readonly type: 'extend'; readonly id: string; readonly durationSeconds: number }
  | { readonly type: 'revoke'; readonly id: string }
  | { readonly type: 'whoami' }
  | { readonly type: 'help'; readonly topic?: string }
  | { readonly type: 'explain'; readonly request: ChangeRequest };

/** Everything `/k8s-request <text>` can mean. */
export type Command = ChangeRequest | HousekeepingCommand;
