import { isOnCall } from '../identity/on-call-person.ts';
import type { RequesterOnCall } from '../lifecycle/request-record.ts';
import type { PolicyDecision, PolicyInput } from '../policy/decision.ts';
import { evaluatePolicy } from '../policy/evaluate.ts';
import { describeOnCall } from '../policy/on-call-target.ts';
import type { Principal } from '../ports/identity.ts';
import { OnCallUnavailableError } from '../ports/on-call.ts';
import { onCallService, type WorkflowDeps } from './workflow-deps.ts';

/** Policy's decision, and the on-call look-ups it took (absent when no rule asked). */
export interface OnCallDecision {
  readonly decision: PolicyDecision;
  readonly requesterOnCall?: RequesterOnCall;
}

/**
 * Evaluates policy for `input`, asking the on-call services only about the
 * `requesters.onCall` targets a rule would consult for this request: a first pass
 * records which targets are asked (answering "not on call"), the services are asked
 * about those, and a second pass decides with the answers. A target whose service
 * fails counts as "not on call" (fail closed: the normal approval flow applies) and
 * is reported in `unavailable`.
 */
export async function decideWithOnCall(
  deps: WorkflowDeps,
  input: Omit<PolicyInput, 'requester'>,
  requester: Principal,
): Promise<OnCallDecision> {
  const policy = deps.policy();
  const asked = new Set<string>();
  const who = { username: requester.username, groups: requester.groups };
  const first = evaluatePolicy(policy, {
    ...input,
    requester: {
      ...who,
      onCall: {
        has: (key) => {
          asked.add(key);
          return false;
        },
      },
    },
  });
  if (asked.size === 0) return { decision: first };
  const service = onCallService(deps);
  const onCallFor: RequesterOnCall['onCallFor'][number][] = [];
  const unavailable: RequesterOnCall['unavailable'][number][] = [];
  await Promise.all(
    [...asked].map(async (key) => {
      const target = policy.requesterOnCall.get(key);
      if (!target) return;
      try {
        const roster = await service.onCallNow(target);
        if (isOnCall(requester, roster))
          onCallFor.push({ key, schedule: describeOnCall(target), checkedAt: roster.checkedAt });
      } catch (error) {
        if (!(error instanceof OnCallUnavailableError)) throw error;
        unavailable.push({ key, problem: error.message });
      }
    }),
  );
  const requesterOnCall = { onCallFor, unavailable };
  if (onCallFor.length === 0) return { decision: first, requesterOnCall };
  const decision = evaluatePolicy(policy, {
    ...input,
    requester: { ...who, onCall: new Set(onCallFor.map((entry) => entry.key)) },
  });
  return { decision, requesterOnCall };
}
