import type { ChangeRequest } from '../requests/request-types.ts';
import type { Policy } from './policy.ts';
import { subjectsOf } from './policy-subjects.ts';

/**
 * True when a rule of `policy` that may match `request` on `cluster` selects targets by
 * their labels or annotations, so the decision can depend on the target as it is on
 * the cluster. False when the rule index has no candidate for any of the request's
 * subjects, or no candidate reads the target: the caller can then decide without
 * looking the target up (and without the right to read it, as for Secrets). True
 * does not mean a rule matches.
 */
export function targetMayDecide(policy: Policy, request: ChangeRequest, cluster: string): boolean {
  return subjectsOf(request, cluster).some((subject) =>
    policy.index.candidates(subject).some((index) => readsTarget(policy.rules[index]!.matchSpec)),
  );
}

function readsTarget(match: Policy['rules'][number]['matchSpec']): boolean {
  return (
    match.labels !== undefined ||
    match.labelExpressions !== undefined ||
    match.annotations !== undefined ||
    match.annotationExpressions !== undefined
  );
}
