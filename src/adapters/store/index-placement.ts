import { nextEscalationAt } from '../../core/lifecycle/escalate.ts';
import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import type { RequestState } from '../../core/lifecycle/request-state.ts';

/** States after which nothing more happens to a request (an action's `succeeded` included). */
const FINAL_STATES: ReadonlySet<RequestState> = new Set([
  'denied',
  'expired',
  'cancelled',
  'failed',
  'revoked',
]);

/**
 * Where one version of a record belongs in the store's indexes; a score present means
 * "in that index with this score", absent means "not in it". The index keys come from
 * the requester and the decision's approver groups, which never change after filing,
 * so every version of a request names the same keys and a write can remove what an
 * earlier version added.
 */
export interface IndexPlacement {
  /** Score (`createdAt`) in the requester's open set, while no final state is reached. */
  readonly open?: number;
  /** Score (`createdAt`) in each approver group's pending set, while `pending`. */
  readonly pending?: number;
  /** Every approver group of the decision, deduplicated: the pending sets this request can be in. */
  readonly approverGroups: readonly string[];
  /** Score (`grant.expiresAt`) among active grants, while `active`. */
  readonly active?: number;
  /** Score (`breakGlass.at`) among break-glass runs awaiting review, until an approver acknowledges it. */
  readonly unreviewedBreakGlass?: number;
  /** Score (when it entered its state) while approved, queued or executing: work a job must carry on. */
  readonly inFlight?: number;
  /**
   * Score (when its next timer is due: the next escalation step or the decision
   * deadline) while pending with such a timer: what the sweep does when a timer job is lost.
   */
  readonly pendingDue?: number;
}

const IN_FLIGHT_STATES: ReadonlySet<RequestState> = new Set(['approved', 'queued', 'executing']);

/** True when `record` can change no more: denied, expired, cancelled, failed, revoked, or a succeeded action. */
export function isFinal(record: RequestRecord): boolean {
  return FINAL_STATES.has(record.state) || (record.state === 'succeeded' && record.request.type !== 'access');
}

/** The indexes `record` belongs in, with their scores. */
export function indexPlacement(record: RequestRecord): IndexPlacement {
  const decision = record.decision;
  const approverGroups = decision.outcome === 'require-approval' ? [...new Set(decision.approverGroups)] : [];
  return {
    ...(isFinal(record) ? {} : { open: record.createdAt }),
    ...(record.state === 'pending' ? { pending: record.createdAt } : {}),
    approverGroups,
    ...(record.state === 'active' && record.grant ? { active: record.grant.expiresAt } : {}),
    ...(record.breakGlass && !record.breakGlass.review ? { unreviewedBreakGlass: record.breakGlass.at } : {}),
    ...(IN_FLIGHT_STATES.has(record.state)
      ? { inFlight: record.timestamps[record.state] ?? record.createdAt }
      : {}),
    ...pendingDue(record),
  };
}

function pendingDue(record: RequestRecord): { pendingDue?: number } {
  if (record.state !== 'pending') return {};
  const times = [nextEscalationAt(record), record.decisionDeadline].filter((t) => t !== undefined);
  return times.length === 0 ? {} : { pendingDue: Math.min(...times) };
}
