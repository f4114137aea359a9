import type { Channels, ExecuteAs } from './decision.ts';
import type { RuleMatcher } from './match-types.ts';
import type { OnCallTarget } from './on-call-target.ts';
import type { MatchDocument } from './policy-schema.ts';
import type { RuleIndex } from './rule-index.ts';

/** Who may approve: a chat-native group, an explicit list of people, whoever is on call, or several. */
export interface ApproverGroup {
  readonly name: string;
  /** Slack user group handle or ID, e.g. `sre-leads` or `S0123ABC`. */
  readonly slackUserGroup?: string;
  /** Entra (Azure AD) group object ID for Teams. */
  readonly teamsGroupId?: string;
  /** Kubernetes usernames or emails of people in the group. */
  readonly users: readonly string[];
  /** Whoever is on call for this schedule at the click (resolved then, fail closed). */
  readonly onCall?: OnCallTarget;
}

/** Where a grantable role may be bound: in one namespace, or cluster-wide. */
export type GrantScope = 'namespace' | 'cluster';

/** A role an access request may ask for, and the longest it may be held. */
export interface GrantableRole {
  readonly name: string;
  readonly kind: 'ClusterRole' | 'Role';
  readonly scopes: readonly GrantScope[];
  readonly maxDurationSeconds: number;
}

/** A rule's `approval` block with policy defaults filled in. */
export interface RuleApproval {
  readonly approverGroups: readonly string[];
  readonly minApprovals: number;
  readonly channels: Channels;
  readonly stepUp: boolean;
  readonly requesterStepUp: boolean;
  readonly allowBreakGlass: boolean;
  /**
   * True when the grant's holder may extend it alone up to maxDuration; absent (the
   * default), extending beyond the length approvers approved takes an approver.
   */
  readonly holderMayExtend?: boolean;
  readonly requestTtlSeconds: number;
  readonly maxDurationSeconds?: number;
  readonly executeAs: ExecuteAs;
  /** Backup approvers after a wait, in order; absent when the rule names none. */
  readonly escalation?: readonly RuleEscalationStep[];
  /** How often approvers are nudged in the card's thread while the request waits, seconds. */
  readonly remindApproversEverySeconds?: number;
}

/** One `escalation` entry of a rule, with durations in seconds and channels filled in. */
export interface RuleEscalationStep {
  readonly afterSeconds: number;
  readonly approverGroups: readonly string[];
  /** Where the backups' card goes; the rule's own channels when the step names none. */
  readonly channels: Channels;
}

interface RuleBase {
  readonly name: string;
  readonly description?: string;
  /** Position in `spec.rules`, used to report matched rules in policy order. */
  readonly index: number;
  readonly match: RuleMatcher;
  /** The rule's `match` block as written, after normalisation (for lint and display). */
  readonly matchSpec: MatchDocument;
}

/** A rule that refuses what it matches. */
export interface DenyRule extends RuleBase {
  readonly outcome: 'deny';
  readonly reason: string;
}

/** A rule that lets what it matches run with no human decision. */
export interface AutoApproveRule extends RuleBase {
  readonly outcome: 'auto-approve';
  readonly reason?: string;
  readonly executeAs: ExecuteAs;
  /** Announcement channels: only those the rule names. */
  readonly channels: Channels;
  readonly maxDurationSeconds?: number;
}

/** A rule that wants people to approve what it matches. */
export interface RequireApprovalRule extends RuleBase {
  readonly outcome: 'require-approval';
  readonly reason?: string;
  readonly approval: RuleApproval;
}

/** One compiled entry of `spec.rules`. */
export type PolicyRule = DenyRule | AutoApproveRule | RequireApprovalRule;

/** Values that apply where a rule says nothing. */
export interface PolicyDefaults {
  readonly requestTtlSeconds: number;
  readonly channels: Channels;
  readonly executeAs: ExecuteAs;
  /** Longest grant for an access request no rule or grantable role bounds; undefined means unbounded. */
  readonly maxDurationSeconds?: number;
}

/**
 * A validated, compiled ApprovalPolicy: globs, kinds, durations and time zones are
 * resolved once at load so evaluation does no parsing. Build it with `loadPolicy`.
 */
export interface Policy {
  readonly name: string;
  /** Where the policy came from (a file path), for messages. */
  readonly source: string;
  readonly defaults: PolicyDefaults;
  readonly approverGroups: ReadonlyMap<string, ApproverGroup>;
  readonly grantableRoles: ReadonlyMap<string, GrantableRole>;
  /**
   * Every on-call target the policy's `requesters.onCall` and `notOnCall` dimensions name, by `onCallKey`:
   * what filing must ask the on-call service about before a rule can match on it.
   */
  readonly requesterOnCall: ReadonlyMap<string, OnCallTarget>;
  readonly rules: readonly PolicyRule[];
  /** Narrows `rules` to those that may match a subject, by verb, kind and namespace; see rule-index.ts. */
  readonly index: RuleIndex;
}
