import type { FieldChange } from '../changes/field-change.ts';
import type { PolicyDecision, TargetFacts } from '../policy/decision.ts';
import type { RollbackPin } from '../ports/cluster.ts';
import type { Principal } from '../ports/identity.ts';
import type { ChangeRequest } from '../requests/request-types.ts';
import type { RequestState } from './request-state.ts';

/**
 * Proof that a person re-authenticated with OpenID Connect just before acting. The
 * step-up adapter verifies the token; the core only records what it was told.
 */
export interface StepUpEvidence {
  readonly issuer: string;
  readonly subject: string;
  readonly acr?: string;
  readonly amr: readonly string[];
  /** When the person authenticated, ms since the epoch. */
  readonly authTime: number;
}

/** One person's Approve click, with the approver groups that authorized them at that moment. */
export interface Approval {
  readonly approver: Principal;
  /** The decision's approver groups this person belonged to at the click. */
  readonly groups: readonly string[];
  readonly at: number;
  readonly stepUp?: StepUpEvidence;
}

/** Why a request was refused: by policy at filing, or by an approver's Deny click. */
export interface Denial {
  readonly by: Principal | 'policy';
  readonly reason: string;
  readonly at: number;
}

/** What happened when the worker ran the change; `attempts` counts job starts, retries included. */
export interface ExecutionInfo {
  readonly attempts: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly error?: string;
  /** One line a card can show, e.g. `scaled api 3 → 5`. */
  readonly result?: string;
}

/** One extension of a grant: who asked and how `expiresAt` moved. */
export interface GrantExtension {
  readonly by: Principal;
  readonly at: number;
  readonly from: number;
  readonly to: number;
}

/** A time-bound binding in force; its clock starts at `grantedAt`, not when it was requested. */
export interface GrantInfo {
  readonly grantedAt: number;
  readonly expiresAt: number;
  /** Name of the RoleBinding/ClusterRoleBinding, derived from the request ID. */
  readonly bindingName: string;
  /** The binding's UID as created, when the cluster reported it: ending the grant then needs no read. */
  readonly bindingUid?: string;
  /** Whether a Role was generated for the grant (absent on records that predate this field: look for one). */
  readonly roleGenerated?: boolean;
  readonly extensions: readonly GrantExtension[];
  readonly revokedBy?: Principal;
  /** When the grant ended, by revocation or expiry. */
  readonly endedAt?: number;
}

/** An approver's after-the-fact acknowledgement of a break-glass run. */
export interface BreakGlassReview {
  readonly by: Principal;
  /** The decision's approver groups the reviewer belonged to when they acknowledged it. */
  readonly groups: readonly string[];
  readonly at: number;
}

/**
 * A break-glass run: executed at once under an incident, to be reviewed after the fact.
 * `review` is absent until an approver acknowledges it; until then the run is listed
 * as unreviewed (audit command, metrics).
 */
export interface BreakGlassInfo {
  readonly at: number;
  readonly incident: string;
  readonly review?: BreakGlassReview;
}

/** An escalation step a request reached: its index in the decision's `escalation`, and when. */
export interface ReachedEscalation {
  readonly step: number;
  readonly at: number;
}

/**
 * Everything Countersign knows about one filed request. Records are immutable values:
 * every transition returns a new record with `version` one higher, which the store
 * compare-and-sets on. All times are ms since the epoch, taken from the injected clock.
 */
export interface RequestRecord {
  readonly id: string;
  readonly version: number;
  readonly state: RequestState;
  readonly request: ChangeRequest;
  /** The text the requester typed, as typed. */
  readonly text: string;
  /** Resolved cluster name. */
  readonly cluster: string;
  readonly requester: Principal;
  /**
   * Policy's decision for this request: as made at filing, widened by each escalation
   * step reached since (backup approver groups and their channels added).
   */
  readonly decision: PolicyDecision;
  /** Labels and annotations of the target, looked up before filing. */
  readonly target?: TargetFacts;
  /** UID of the target seen at filing, so execution acts on that object and not on a later one of the same name. */
  readonly targetUid?: string;
  /** For a scale request: the target's `spec.replicas` when it was filed. */
  readonly targetReplicas?: number;
  /** What the server-side dry-run says will happen, one line each. */
  readonly preview?: readonly string[];
  /** A rollback's revisions as the card shows them; execution fails unless they still hold. */
  readonly rollback?: RollbackPin;
  /** A patch's every changed field as the dry run found it, whole: what "Show full change" shows. */
  readonly changes?: readonly FieldChange[];
  readonly approvals: readonly Approval[];
  readonly denial?: Denial;
  readonly cancelledBy?: Principal;
  readonly createdAt: number;
  /** `createdAt` + the request TTL; absent when policy decided at filing. */
  readonly decisionDeadline?: number;
  /** When the record entered each state it has been in (the latest entry wins). */
  readonly timestamps: Readonly<Partial<Record<RequestState, number>>>;
  readonly execution?: ExecutionInfo;
  readonly grant?: GrantInfo;
  readonly incident?: string;
  readonly breakGlass?: BreakGlassInfo;
  /**
   * When it takes effect (`--at` / `--in`), ms since the epoch: approved ahead, it is
   * executed or granted (the grant's clock starting) no earlier, and its requester may
   * cancel it until then. Absent: as soon as approved.
   */
  readonly startAt?: number;
  /** Escalation steps reached while pending, in order; absent until the first. */
  readonly escalations?: readonly ReachedEscalation[];
  /** What filing learned of the requester's on-call shifts, where a rule asked (`requesters.onCall`). */
  readonly requesterOnCall?: RequesterOnCall;
}

/**
 * The on-call look-ups made for a requester at filing. Policy is re-evaluated later
 * with `onCallFor` as the requester's on-call facts, so a rule that auto-approved an
 * on-call requester still matches at execution.
 */
export interface RequesterOnCall {
  /** Targets the requester was on call for: `onCallKey`, how it reads, and when the service said so. */
  readonly onCallFor: readonly {
    readonly key: string;
    readonly schedule: string;
    readonly checkedAt: number;
  }[];
  /** Targets the service could not answer for, and why; rules needing them did not match (fail closed). */
  readonly unavailable: readonly { readonly key: string; readonly problem: string }[];
}
