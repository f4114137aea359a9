import type { ChangeRequest } from '../requests/request-types.ts';
import type { Policy } from './policy.ts';
import { subjectsOf } from './policy-subjects.ts';

/**
 * False when no rule of `policy` can match `request` on `cluster` whatever its target's
 * labels, annotations, requester or time: its rule index has no candidate for any of
 * the request's subjects. Lets a caller skip looking the target up for a decision
 * that cannot depend on it. True does not mean a rule matches.
 */
export function anyRuleMayMatch(policy: Policy, request: ChangeRequest, cluster: string): boolean {
  return subjectsOf(request, cluster).some((subject) => policy.index.candidates(subject).length > 0);
}
