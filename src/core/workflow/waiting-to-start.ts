import { isWaitingToStart } from '../lifecycle/waiting-to-start.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { Principal } from '../ports/identity.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/** Approved requests waiting for their start time, as one person may see them. */
export interface WaitingToStart {
  /** Theirs: each may be cancelled by them until it starts. */
  readonly mine: readonly RequestRecord[];
  /** Others' that one of their approver groups decides (seen, not cancellable by them). */
  readonly approving: readonly RequestRecord[];
}

/**
 * The approved requests whose start time has not come, soonest start first, split
 * into the person's own and those of others that one of `groups` (the person's
 * approver groups, checked now by the caller) decides. Part of person-lists.ts.
 */
export async function listWaitingToStart(
  workflow: Pick<WorkflowDeps, 'store' | 'clock'>,
  person: Principal,
  groups: readonly string[],
): Promise<WaitingToStart> {
  const now = workflow.clock.now();
  const inFlight = await workflow.store.listInFlightSince(Number.MAX_SAFE_INTEGER);
  const waiting = inFlight
    .filter((r) => isWaitingToStart(r, now))
    .sort((a, b) => (a.startAt ?? 0) - (b.startAt ?? 0) || a.id.localeCompare(b.id));
  const mine = (r: RequestRecord): boolean => r.requester.username === person.username;
  const decides = (r: RequestRecord): boolean =>
    r.decision.outcome === 'require-approval' && r.decision.approverGroups.some((g) => groups.includes(g));
  return { mine: waiting.filter(mine), approving: waiting.filter((r) => !mine(r) && decides(r)) };
}
