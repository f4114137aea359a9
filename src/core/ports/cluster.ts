import type { FieldChange } from '../changes/field-change.ts';
import type { TargetFacts } from '../policy/decision.ts';
import type { ActionRequest, TargetRef } from '../requests/request-types.ts';
import type { GrantRef, GrantResult, GrantSpec, ManagedBinding } from './cluster-grants.ts';

/**
 * Whose credentials an operation is sent with: Countersign's own, or the requester's
 * through Kubernetes impersonation, so RBAC still applies and the cluster audit log
 * names the person.
 */
export type ExecuteIdentity =
  | { readonly kind: 'countersign' }
  | { readonly kind: 'requester'; readonly username: string; readonly groups: readonly string[] };

/** An owner of an object, as its `metadata.ownerReferences` lists it. */
export interface OwnerRef {
  readonly kind: string;
  readonly name: string;
  /** True for the managing controller (a ReplicaSet for its pods). */
  readonly controller: boolean;
}

/**
 * What Countersign read of a target before filing: what policy matches on (labels,
 * annotations) and the few facts a card shows. Optional facts exist only for the
 * kinds that have them.
 */
export interface TargetSnapshot extends TargetFacts {
  readonly target: TargetRef;
  readonly uid: string;
  readonly resourceVersion: string;
  readonly ownerReferences: readonly OwnerRef[];
  /** `spec.replicas` of a Deployment, StatefulSet or ReplicaSet. */
  readonly replicas?: number;
  /** `spec.unschedulable` of a Node (false when unset). */
  readonly unschedulable?: boolean;
  /** A Deployment's current `deployment.kubernetes.io/revision`. */
  readonly revision?: number;
  /** A Deployment's `spec.paused`. */
  readonly paused?: boolean;
}

/** What an action will do, as a card shows it before anyone approves. */
export interface Preview {
  /** One line, e.g. `scale deployment api 3 → 5`. */
  readonly summary: string;
  /** Further lines: who owns a pod, which PDBs hold a drain, which fields a patch changes. */
  readonly details: readonly string[];
  /** True when the API server accepted the change as a server-side dry run (`dryRun=All`). */
  readonly dryRun: boolean;
  /** A patch's every changed field with whole values; the core words the card's lines and keeps these for the full view. */
  readonly changes?: readonly FieldChange[];
  /** The revisions a rollback card shows; stored with the request so execution runs exactly that rollback. */
  readonly rollback?: RollbackPin;
}

/**
 * The revisions an approver saw on a rollback card: the Deployment was at `from` and
 * goes back to the template of `to`. Execution fails unless the Deployment is still at
 * `from`, so a rollout between filing and execution never turns an approved rollback
 * into one nobody saw.
 */
export interface RollbackPin {
  /** The Deployment's revision when the request was filed; absent when it had none. */
  readonly from?: number;
  readonly to: number;
}

/** What an executed action did. */
export interface ExecutionResult {
  /** One line a card can show, e.g. `scaled deployment api 3 → 5`. */
  readonly summary: string;
  /** False when the cluster was already in the requested state (a retry after success). */
  readonly changed: boolean;
  readonly details: readonly string[];
}

/** Facts about the approved request that make execution deterministic under retry. */
export interface ExecutionContext {
  readonly requestId: string;
  /** When the request was approved, ms since the epoch; a restart stamps this time. */
  readonly approvedAt: number;
  /**
   * UID of the target as looked up when the request was filed. Every verb acts only on
   * that object: a write carries it as a precondition, and a target recreated under
   * the same name fails the request (`target_changed`). A delete that finds a
   * replacement counts as done, so a retry never deletes a StatefulSet's new pod.
   */
  readonly targetUid?: string;
  /** For a rollback: the revisions the card showed (see {@link RollbackPin}). */
  readonly rollback?: RollbackPin;
  /**
   * For a scale: the target's `spec.replicas` as looked up at filing. A write that finds
   * the count still there needs no read first; one that does not reads the count.
   */
  readonly replicasAtFiling?: number;
}

/** The RBAC question a SubjectAccessReview asks. */
export interface AccessAttributes {
  readonly verb: string;
  /** API group; `''` or absent for the core group. */
  readonly group?: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** A Kubernetes user as RBAC sees them. */
export interface KubernetesSubject {
  readonly username: string;
  readonly groups: readonly string[];
}

/**
 * The clusters as the core sees them, addressed by configured name. Every method
 * throws `ClusterPermanentError` for a refusal that a retry cannot change and
 * `ClusterTransientError` for one it may, and a `UserFacingError` with code
 * `unknown_cluster` for a name that is not configured.
 */
export interface ClusterPort {
  /** Names of the configured clusters, in configuration order. */
  clusterNames(): readonly string[];

  /**
   * Reads the target of an action. A missing object is a `ClusterPermanentError`
   * with code `target_not_found` naming kind, name, namespace and cluster.
   */
  lookupTarget(cluster: string, target: TargetRef): Promise<TargetSnapshot>;

  /**
   * Says what the action will do, running it as a server-side dry run with `as`'s
   * credentials where the API supports one (so an RBAC refusal shows up before
   * anyone approves). Changes nothing on the cluster.
   */
  preview(cluster: string, request: ActionRequest, as: ExecuteIdentity): Promise<Preview>;

  /**
   * Carries out an approved action. Idempotent: a retry after success (or after a
   * partial drain) converges on the same state and reports `changed: false` where
   * nothing was left to do; deleting an object already gone is success.
   */
  execute(
    cluster: string,
    request: ActionRequest,
    as: ExecuteIdentity,
    context: ExecutionContext,
  ): Promise<ExecutionResult>;

  /**
   * Creates the binding of an access grant (and, for narrow rules, the Role it binds),
   * named `countersign-<requestId>` and labelled as managed. Idempotent: an existing
   * binding for the same request is accepted; one that is not ours is a refusal.
   */
  createGrant(cluster: string, spec: GrantSpec): Promise<GrantResult>;

  /** Moves a grant's `countersign.io/expires-at` (extend), so the sweep honours the new time. */
  updateGrantExpiry(cluster: string, ref: GrantRef, expiresAt: number): Promise<void>;

  /**
   * Deletes a grant's binding and any Role generated for it; already gone is success.
   * Resolves `true` when this call deleted the binding, `false` when it was already
   * gone (another sweep or the revoke timer got there first), so a removal is audited once.
   */
  deleteGrant(cluster: string, ref: GrantRef): Promise<boolean>;

  /** Every binding Countersign manages on the cluster (all namespaces and cluster-wide), for the sweep. */
  listManagedBindings(cluster: string): Promise<ManagedBinding[]>;

  /** Asks the API server (SubjectAccessReview) whether `user` may do `attributes`. */
  canI(cluster: string, user: KubernetesSubject, attributes: AccessAttributes): Promise<boolean>;

  /** Names of the cluster's namespaces, sorted. */
  listNamespaces(cluster: string): Promise<string[]>;

  /** Checks the API server answers with Countersign's credentials; resolves to its version. */
  ping(cluster: string): Promise<{ readonly version: string }>;
}
