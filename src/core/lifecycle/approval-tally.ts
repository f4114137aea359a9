import type { RequireApprovalDecision } from '../policy/decision.ts';
import type { Approval } from './request-record.ts';

/** How far one policy requirement is from being met. */
export interface RequirementTally {
  readonly rule: string;
  readonly approverGroups: readonly string[];
  readonly minApprovals: number;
  /** Distinct approvers who belonged to one of `approverGroups` at their click. */
  readonly have: number;
  /** `minApprovals - have`, never below zero. */
  readonly missing: number;
}

/** The state of a request's approvals against its decision. */
export interface ApprovalTally {
  /** Distinct people who approved. */
  readonly count: number;
  readonly approvalsNeeded: number;
  readonly requirements: readonly RequirementTally[];
  /** Fewest more distinct people who could still complete the approval (0 when complete). */
  readonly atLeastMore: number;
  readonly complete: boolean;
}

/**
 * Counts approvals against a require-approval decision: each requirement needs
 * `minApprovals` distinct approvers whose groups at the click intersect its
 * `approverGroups`, and the total needs `approvalsNeeded` (at least one: a
 * require-approval decision is never met by nobody). Approvals are assumed to be
 * one per person already (the lifecycle never records a second click).
 */
export function tallyApprovals(
  decision: RequireApprovalDecision,
  approvals: readonly Approval[],
): ApprovalTally {
  const count = approvals.length;
  const requirements = decision.requirements.map((requirement): RequirementTally => {
    const have = approvals.filter((a) => a.groups.some((g) => requirement.approverGroups.includes(g))).length;
    return {
      rule: requirement.rule,
      approverGroups: requirement.approverGroups,
      minApprovals: requirement.minApprovals,
      have,
      missing: Math.max(0, requirement.minApprovals - have),
    };
  });
  const approvalsNeeded = Math.max(1, decision.approvalsNeeded);
  const atLeastMore = Math.max(approvalsNeeded - count, 0, ...requirements.map((r) => r.missing));
  return {
    count,
    approvalsNeeded,
    requirements,
    atLeastMore,
    complete: atLeastMore === 0,
  };
}
