import { evaluatePolicy } from '../policy/evaluate.ts';
import { widenDecision } from '../policy/widen-decision.ts';
import type { PolicyDecision } from '../policy/decision.ts';
import type { Policy } from '../policy/policy.ts';
import { formatSeconds } from './format-seconds.ts';
import { tallyApprovals } from './approval-tally.ts';
import { reachedSteps } from './escalate.ts';
import type { RequestRecord } from './request-record.ts';

/** Whether the policy in force now still lets a filed request go on, and if not, why. */
export type PolicyVerdict =
  | { readonly allowed: true; readonly decision: PolicyDecision }
  | { readonly allowed: false; readonly decision: PolicyDecision; readonly reason: string };

/**
 * Re-evaluates a filed request against the policy in force at `at` (docs/spec.md §5.11:
 * policy is law at every step), with the requester and target facts recorded at
 * filing (on-call shifts included: the requester counts as on call where filing found
 * them so, and nowhere else). `until` says how far the request has come: at `approval` only a `deny`
 * stops it (approvals are still being gathered); at `execution` (and before a grant
 * is created or extended) the approvals it holds must also meet what policy now asks,
 * a break-glass run must still be allowed, and an access request must fit policy's
 * `maxDuration`. Backup approvers of escalation steps the request reached count
 * where the rule in force still names the step's rule. Pure.
 */
export function policyVerdict(
  policy: Policy,
  record: RequestRecord,
  at: number,
  until: 'approval' | 'execution',
): PolicyVerdict {
  const fresh = evaluatePolicy(policy, {
    request: record.request,
    cluster: record.cluster,
    requester: {
      username: record.requester.username,
      groups: record.requester.groups,
      onCall: new Set(record.requesterOnCall?.onCallFor.map((entry) => entry.key)),
    },
    ...(record.target ? { target: record.target } : {}),
    at,
  });
  const reached = reachedSteps(record);
  const decision =
    fresh.outcome === 'require-approval' && reached.length > 0 ? widenDecision(fresh, reached) : fresh;
  const refuse = (reason: string): PolicyVerdict => ({ allowed: false, decision, reason });
  if (decision.outcome === 'deny') return refuse(decision.reason);
  if (until === 'approval') return { allowed: true, decision };
  const { request } = record;
  if (
    request.type === 'access' &&
    decision.maxDurationSeconds !== undefined &&
    request.durationSeconds > decision.maxDurationSeconds
  ) {
    return refuse(
      `policy now allows at most ${formatSeconds(decision.maxDurationSeconds)} of this access, ` +
        `and ${formatSeconds(request.durationSeconds)} was asked for`,
    );
  }
  if (decision.outcome === 'require-approval') {
    if (record.breakGlass) {
      if (!decision.breakGlassAllowed) return refuse('policy no longer allows --break-glass here');
    } else {
      const tally = tallyApprovals(decision, record.approvals);
      if (!tally.complete) {
        return refuse(
          `policy now needs ${tally.atLeastMore} more approval(s) from ${decision.approverGroups.join(', ')} ` +
            `(rules: ${decision.matchedRules.join(', ')})`,
        );
      }
    }
  }
  return { allowed: true, decision };
}
