import { combineRules } from './combine.ts';
import type { PolicyDecision, PolicyInput } from './decision.ts';
import { checkGrant } from './grant-limits.ts';
import { localTimeIn } from './match-schedule.ts';
import type { LocalTime, MatchContext, MatchSubject, OnCallFacts } from './match-types.ts';
import type { Policy, PolicyRule } from './policy.ts';
import { subjectsOf } from './policy-subjects.ts';

const NO_FACTS: Readonly<Record<string, string>> = Object.freeze({});
const NOBODY_ON_CALL: OnCallFacts = { has: () => false };

/** The facts of one evaluation; local times are computed at most once per zone. */
class EvaluationContext implements MatchContext {
  readonly username: string;
  readonly groups: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly breakGlass: boolean;
  readonly onCall: OnCallFacts;
  private readonly at: number;
  private zones: Map<string, LocalTime> | undefined;

  constructor(input: PolicyInput) {
    this.username = input.requester.username;
    this.groups = input.requester.groups;
    this.labels = input.target?.labels ?? NO_FACTS;
    this.annotations = input.target?.annotations ?? NO_FACTS;
    this.breakGlass = input.request.breakGlass;
    this.onCall = input.requester.onCall ?? NOBODY_ON_CALL;
    this.at = input.at;
  }

  localTime(timeZone: string): LocalTime {
    this.zones ??= new Map();
    let time = this.zones.get(timeZone);
    if (!time) {
      time = localTimeIn(timeZone, this.at);
      this.zones.set(timeZone, time);
    }
    return time;
  }
}

/** The rules matching the one subject of a request, in policy order (the index lists them so). */
function matchOne(
  policy: Policy,
  subject: MatchSubject,
  context: MatchContext,
  denials: string[],
): PolicyRule[] {
  const rules: PolicyRule[] = [];
  for (const index of policy.index.candidates(subject)) {
    const rule = policy.rules[index]!;
    if (rule.match.test(subject, context)) rules.push(rule);
  }
  if (rules.length === 0) denials.push(`no policy rule matches ${subject.describe}`);
  return rules;
}

/** The rules matching any of several subjects, each once, in policy order; a subject none matches is denied. */
function matchEach(
  policy: Policy,
  subjects: readonly MatchSubject[],
  context: MatchContext,
  denials: string[],
): PolicyRule[] {
  const matched: number[] = [];
  for (const subject of subjects) {
    let any = false;
    for (const index of policy.index.candidates(subject)) {
      if (policy.rules[index]!.match.test(subject, context)) {
        any = true;
        if (!matched.includes(index)) matched.push(index);
      }
    }
    if (!any) denials.push(`no policy rule matches ${subject.describe}`);
  }
  matched.sort((a, b) => a - b);
  return matched.map((index) => policy.rules[index]!);
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
  const context = new EvaluationContext(input);
  const denials: string[] = subjects.length === 0 ? ['the request names no resource'] : [];
  const rules =
    subjects.length === 1
      ? matchOne(policy, subjects[0]!, context, denials)
      : matchEach(policy, subjects, context, denials);
  if (request.type !== 'access') return combineRules({ matched: rules, denials, defaults: policy.defaults });
  const grant = checkGrant(policy, request);
  for (const denial of grant.denials) denials.push(denial);
  const access = grant.role
    ? { durationSeconds: request.durationSeconds, role: grant.role }
    : { durationSeconds: request.durationSeconds };
  return combineRules({ matched: rules, denials, defaults: policy.defaults, access });
}
