import { tallyApprovals } from './approval-tally.ts';
import type { RequestRecord } from './request-record.ts';

/** A requirement still short of approvers. */
export interface MissingApprovals {
  readonly rule: string;
  readonly approverGroups: readonly string[];
  readonly missing: number;
}

/** How far a request is from a decision, worded for a card. */
export interface RequestProgress {
  /** Distinct people who approved. */
  readonly approvals: number;
  /** Approvals so far plus the fewest more people who could complete it. */
  readonly needed: number;
  /** E.g. `1 of 2 approvals`, or `approved by policy`. */
  readonly text: string;
  readonly remaining: readonly MissingApprovals[];
  /** E.g. `1 more from sre-leads; 1 more from security`; absent when nothing is missing. */
  readonly waitingFor?: string;
  readonly complete: boolean;
}

/**
 * Summarises a record's approvals for a card: `1 of 2 approvals` and which
 * requirements still lack approvers. For requests policy decided alone it says so.
 */
export function progress(record: RequestRecord): RequestProgress {
  const decision = record.decision;
  if (decision.outcome !== 'require-approval') {
    const text = decision.outcome === 'deny' ? 'denied by policy' : 'approved by policy';
    return { approvals: 0, needed: 0, text, remaining: [], complete: decision.outcome === 'auto-approve' };
  }
  const tally = tallyApprovals(decision, record.approvals);
  const needed = tally.count + tally.atLeastMore;
  const remaining = tally.requirements
    .filter((r) => r.missing > 0)
    .map((r) => ({ rule: r.rule, approverGroups: r.approverGroups, missing: r.missing }));
  const phrases = remaining.map((r) => `${r.missing} more from ${r.approverGroups.join(' or ')}`);
  if (phrases.length === 0 && tally.atLeastMore > 0) {
    phrases.push(`${tally.atLeastMore} more from ${decision.approverGroups.join(' or ')}`);
  }
  return {
    approvals: tally.count,
    needed,
    text: `${tally.count} of ${needed} ${needed === 1 ? 'approval' : 'approvals'}`,
    remaining,
    ...(phrases.length > 0 ? { waitingFor: phrases.join('; ') } : {}),
    complete: tally.complete,
  };
}
