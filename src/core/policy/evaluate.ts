import { combineRules } from './combine.ts';
import type { PolicyDecision, PolicyInput } from './decision.ts';
import { checkGrant } from './grant-limits.ts';
import { localTimeIn } from './match-schedule.ts';
import type { LocalTime, MatchContext } from './match-types.ts';
import type { Policy, PolicyRule } from './policy.ts';
import { subjectsOf } from './policy-subjects.ts';
import { candidateRules } from './rule-index.ts';

const NO_FACTS: Readonly<Record<string, string>> = Object.freeze({});

function contextOf(input: PolicyInput): MatchContext {
  let zones: Map<string, LocalTime> | undefined;
  return {
    username: input.requester.username,
    groups: input.requester.groups,
    labels: input.target?.labels ?? NO_FACTS,
    annotations: input.target?.annotations ?? NO_FACTS,
    breakGlass: input.request.breakGlass,
    localTime(timeZone) {
      zones ??= new Map();
      let time = zones.get(timeZone);
      if (!time) {
        time = localTimeIn(timeZone, input.at);
        zones.set(timeZone, time);
      }
      return time;
    },
  };
}

/**
 * Decides one request against a compiled policy: matches every rule against each
 * subject of the request (one per resource kind for an access request of explicit
 * rules), denies a subject no rule matches, checks grantable roles, and combines the
 * matched rules strictest first. Pure: time comes from `input.at`; unknown target
 * labels count as none.
 */
export function evaluatePolicy(policy: Policy, input: PolicyInput): PolicyDecision {
  const { request } = input;
  const subjects = subjectsOf(request, input.cluster);
  const context = contextOf(input);
  const matched: number[] = [];
  const denials: string[] = subjects.length === 0 ? ['the request names no resource'] : [];
  for (const subject of subjects) {
    let any = false;
    for (const index of candidateRules(policy.index, subject)) {
      if (policy.rules[index]!.match.test(subject, context)) {
        any = true;
        if (subjects.length === 1 || !matched.includes(index)) matched.push(index);
      }
    }
    if (!any) denials.push(`no policy rule matches ${subject.describe}`);
  }
  if (subjects.length > 1) matched.sort((a, b) => a - b);
  const rules: PolicyRule[] = matched.map((index) => policy.rules[index]!);
  if (request.type !== 'access') return combineRules({ matched: rules, denials, defaults: policy.defaults });
  const grant = checkGrant(policy, request);
  return combineRules({
    matched: rules,
    denials: [...denials, ...grant.denials],
    defaults: policy.defaults,
    access: { durationSeconds: request.durationSeconds, ...(grant.role ? { role: grant.role } : {}) },
  });
}
