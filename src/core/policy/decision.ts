import type { ChangeRequest } from '../requests/request-types.ts';
import type { OnCallFacts } from './match-types.ts';

/** How an approved change is sent to the cluster. */
export type ExecuteAs = 'requester' | 'countersign';

/** Where approval cards go, per platform (Slack channel names or IDs, Teams channel IDs, console queues). */
export interface Channels {
  readonly slack: readonly string[];
  readonly teams: readonly string[];
  readonly web: readonly string[];
}

/** One matched require-approval rule's demand: `minApprovals` distinct people from `approverGroups`. */
export interface ApprovalRequirement {
  readonly rule: string;
  readonly approverGroups: readonly string[];
  readonly minApprovals: number;
}

/**
 * One step of a rule's `escalation`: when a request is still undecided `afterSeconds`
 * after it was filed, the people of `approverGroups` may decide it too (counting
 * toward the requirement of `rule`), and a card goes to `channels`.
 */
export interface EscalationStep {
  /** The require-approval rule whose requirement the backups help meet. */
  readonly rule: string;
  readonly afterSeconds: number;
  readonly approverGroups: readonly string[];
  readonly channels: Channels;
}

/** What policy knows of the object a request targets (read from the cluster). */
export interface TargetFacts {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Everything policy looks at to decide one request. */
export interface PolicyInput {
  readonly request: ChangeRequest;
  /** Resolved cluster name (the request's `--cluster` or the default). */
  readonly cluster: string;
  readonly requester: {
    readonly username: string;
    readonly groups: readonly string[];
    /**
     * On-call targets (by `onCallKey`) the requester was found on call for at filing;
     * absent means none (a `requesters.onCall` dimension then does not match).
     */
    readonly onCall?: OnCallFacts;
  };
  /** Labels and annotations of the target; absent for access requests or when unknown offline. */
  readonly target?: TargetFacts;
  /** Evaluation time, ms since epoch. */
  readonly at: number;
}

/** Fields every decision carries so a card can say why. */
interface DecisionBase {
  /** Names of every rule that matched, in policy order. */
  readonly matchedRules: readonly string[];
}

/** Policy refused the request outright. */
export interface DenyDecision extends DecisionBase {
  readonly outcome: 'deny';
  readonly reason: string;
}

/** Policy lets the request run with no human decision. */
export interface AutoApproveDecision extends DecisionBase {
  readonly outcome: 'auto-approve';
  readonly executeAs: ExecuteAs;
  /** Longest grant allowed, seconds; only for access requests. */
  readonly maxDurationSeconds?: number;
  /** Channels to announce the auto-approved request in (may be empty). */
  readonly channels: Channels;
}

/** Policy wants people to approve first. */
export interface RequireApprovalDecision extends DecisionBase {
  readonly outcome: 'require-approval';
  /** One entry per matched require-approval rule; all must be met. */
  readonly requirements: readonly ApprovalRequirement[];
  /** Union of the requirements' groups: who may click Approve. */
  readonly approverGroups: readonly string[];
  /** Distinct approvals needed: the largest `minApprovals` of the requirements. */
  readonly approvalsNeeded: number;
  readonly channels: Channels;
  /** An approver must re-authenticate with OIDC before their click counts. */
  readonly stepUp: boolean;
  /** The requester must re-authenticate before the request is filed (break-glass, most sensitive access). */
  readonly requesterStepUp: boolean;
  /** True when every matched rule allows `--break-glass`. */
  readonly breakGlassAllowed: boolean;
  /**
   * True when every matched rule lets the grant's holder extend it alone up to
   * `maxDurationSeconds`; absent, extending beyond what approvers approved takes an
   * approver's extension.
   */
  readonly holderMayExtend?: boolean;
  /** How long the request waits for a decision, seconds. */
  readonly requestTtlSeconds: number;
  /** Longest grant allowed, seconds; only for access requests. */
  readonly maxDurationSeconds?: number;
  readonly executeAs: ExecuteAs;
  /** Every matched rule's escalation steps, soonest first; absent when no rule escalates. */
  readonly escalation?: readonly EscalationStep[];
  /** How often approvers are nudged while the request waits, seconds: the shortest any rule asks; absent means never. */
  readonly remindApproversEverySeconds?: number;
}

/** The outcome of evaluating policy for one request. */
export type PolicyDecision = DenyDecision | AutoApproveDecision | RequireApprovalDecision;
