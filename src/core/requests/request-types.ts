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

/**
 * Verbs a Kubernetes API request from kubectl (through `countersign proxy`) can be,
 * besides the action verbs it shares with chat (`delete`, `scale`, `restart`,
 * `cordon`, `uncordon`, `patch`): reads, writes kubectl makes that chat has no
 * command for, an eviction (what `kubectl drain` sends per pod), and the streaming
 * subresources.
 */
export const API_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'apply',
  'deletecollection',
  'evict',
  'exec',
  'attach',
  'portforward',
  'proxy',
] as const;
/** A verb only a kubectl API request can have. */
export type ApiOnlyVerb = (typeof API_VERBS)[number];
/** What a kubectl API request is classified as. */
export type ApiVerb = Exclude<ActionVerb, 'drain' | 'rollback'> | ApiOnlyVerb;

/** Verbs policy can match on: every action verb, `access` for grants, and the kubectl API verbs. */
export type PolicyVerb = ActionVerb | 'access' | ApiOnlyVerb;

/** Every verb policy can match on, action verbs first. */
export const POLICY_VERBS: readonly PolicyVerb[] = [...ACTION_VERBS, 'access', ...API_VERBS];

/** Where a request came from: a `/k8s-request` on any surface (chat or console), or kubectl through the proxy. */
export type RequestOrigin = 'chat' | 'kubectl';

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

/** When a request should take effect: at an instant (`--at`, with the text as typed) or a while after filing (`--in`, seconds). */
export type StartSpec = { readonly at: number; readonly text: string } | { readonly in: number };

/** Flags every request carries. */
export interface CommonFlags {
  /** Cluster name from `--cluster`; absent means the configured default. */
  readonly cluster?: string;
  /** Incident ID from `--incident`, e.g. `INC-4312`. */
  readonly incident?: string;
  readonly reason: string;
  /** `--break-glass`: run at once where policy allows it (requires `--incident`). */
  readonly breakGlass: boolean;
  /** `--at` / `--in`: run or grant no earlier than this, approved ahead; absent means at once. */
  readonly start?: StartSpec;
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

/** The exact HTTP request kubectl sent, as the proxy holds it. */
export interface ApiCallInfo {
  readonly method: string;
  /** API path with its query, e.g. `/api/v1/namespaces/prod/pods/web?dryRun=All`. */
  readonly path: string;
  readonly contentType?: string;
  /** The body as text (UTF-8), absent when there was none. */
  readonly body?: string;
  /** SHA-256 (hex) of the body bytes, `''` hashed when there was none. */
  readonly bodySha256: string;
  /** Size of the body in bytes, as forwarded; absent on requests filed before it was kept. */
  readonly bodyBytes?: number;
  /** True when the body bytes are not UTF-8, so `body` is not exactly what is forwarded (filing refuses it). */
  readonly bodyNotUtf8?: true;
}

/** The resource an API request addresses, as its URL names it. */
export interface ApiResourceRef {
  /** API group, `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** Plural resource, e.g. `pods`. */
  readonly resource: string;
  readonly subresource?: string;
}

/**
 * One Kubernetes API request from kubectl, held by `countersign proxy` until it is
 * decided; on approval the proxy forwards exactly this request once, as the
 * requester. `reason` says where it came from (kubectl has no reason flag).
 */
export type ApiRequest = CommonFlags & {
  readonly type: 'api';
  readonly verb: ApiVerb;
  readonly resource: ApiResourceRef;
  /** The kind when Countersign knows the resource (policy `kinds` match on it). */
  readonly kind?: KindInfo;
  readonly namespace?: string;
  /** Absent for collection requests (list, deletecollection, create). */
  readonly name?: string;
  /** For `scale`: the replicas asked for. */
  readonly replicas?: number;
  readonly call: ApiCallInfo;
};

/** A request that, once approved, changes (or, for a gated read, reads) a cluster. */
export type ChangeRequest = ActionRequest | AccessRequest | ApiRequest;

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
  | { readonly type: 'explain'; readonly request: ChatRequest };

/** A request typed as `/k8s-request` on a surface (chat or console). */
export type ChatRequest = ActionRequest | AccessRequest;

/** Everything `/k8s-request <text>` can mean. */
export type Command = ChatRequest | HousekeepingCommand;
