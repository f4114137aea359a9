// A test oracle: the policy evaluator and strictest-wins combination exactly as they
// were before rules were indexed by namespace and combination was rewritten for speed,
// testing every rule instead of the index's candidates. Only tests import this file.
import type {
  Channels,
  ExecuteAs,
  PolicyDecision,
  PolicyInput,
  RequireApprovalDecision,
} from '../../../../src/core/policy/decision.ts';
import { checkGrant } from '../../../../src/core/policy/grant-limits.ts';
import { localTimeIn } from '../../../../src/core/policy/match-schedule.ts';
import type { LocalTime, MatchContext } from '../../../../src/core/policy/match-types.ts';
import type {
  AutoApproveRule,
  GrantableRole,
  Policy,
  PolicyDefaults,
  PolicyRule,
  RequireApprovalRule,
} from '../../../../src/core/policy/policy.ts';
import { formatPolicyDuration } from '../../../../src/core/policy/policy-duration.ts';
import { subjectsOf } from '../../../../src/core/policy/policy-subjects.ts';

/** Everything combination needs besides the matched rules. */
interface CombineInput {
  /** Matched rules in policy order. */
  readonly matched: readonly PolicyRule[];
  /** Denials found outside the rules (no rule matched a resource, role not grantable). */
  readonly denials: readonly string[];
  readonly defaults: PolicyDefaults;
  /** Present for access requests: the asked duration and the grantable role, if any. */
  readonly access?: { readonly durationSeconds: number; readonly role?: GrantableRole };
}

interface Limit {
  readonly seconds: number;
  readonly source: string;
}

type AllowingRule = AutoApproveRule | RequireApprovalRule;

function unionChannels(all: readonly Channels[]): Channels {
  if (all.length === 1) return all[0]!;
  const slack = new Set<string>();
  const teams = new Set<string>();
  const web = new Set<string>();
  for (const channels of all) {
    for (const channel of channels.slack) slack.add(channel);
    for (const channel of channels.teams) teams.add(channel);
    for (const channel of channels.web) web.add(channel);
  }
  return { slack: [...slack], teams: [...teams], web: [...web] };
}

function durationLimit(rules: readonly AllowingRule[], input: CombineInput): Limit | undefined {
  let limit: Limit | undefined;
  const consider = (seconds: number | undefined, source: string): void => {
    if (seconds !== undefined && (!limit || seconds < limit.seconds)) limit = { seconds, source };
  };
  for (const rule of rules) {
    consider(
      rule.outcome === 'auto-approve' ? rule.maxDurationSeconds : rule.approval.maxDurationSeconds,
      `rule ${rule.name}`,
    );
  }
  const role = input.access?.role;
  if (role) consider(role.maxDurationSeconds, `grantable role ${role.name}`);
  if (!limit) consider(input.defaults.maxDurationSeconds, 'spec.defaults');
  return limit;
}

function requireApproval(
  requiring: readonly RequireApprovalRule[],
  matchedRules: readonly string[],
  executeAs: ExecuteAs,
  maxDuration: { maxDurationSeconds?: number },
): RequireApprovalDecision {
  const groups = new Set<string>();
  let approvalsNeeded = 0;
  let stepUp = false;
  let requesterStepUp = false;
  let breakGlassAllowed = true;
  let requestTtlSeconds = Number.POSITIVE_INFINITY;
  for (const { approval } of requiring) {
    for (const group of approval.approverGroups) groups.add(group);
    approvalsNeeded = Math.max(approvalsNeeded, approval.minApprovals);
    stepUp ||= approval.stepUp;
    requesterStepUp ||= approval.requesterStepUp;
    breakGlassAllowed &&= approval.allowBreakGlass;
    requestTtlSeconds = Math.min(requestTtlSeconds, approval.requestTtlSeconds);
  }
  return {
    outcome: 'require-approval',
    matchedRules,
    requirements: requiring.map((rule) => ({
      rule: rule.name,
      approverGroups: rule.approval.approverGroups,
      minApprovals: rule.approval.minApprovals,
    })),
    approverGroups: [...groups],
    approvalsNeeded,
    channels: unionChannels(requiring.map((rule) => rule.approval.channels)),
    stepUp,
    requesterStepUp,
    breakGlassAllowed,
    requestTtlSeconds,
    executeAs,
    ...maxDuration,
  };
}

/**
 * Combines the matched rules into one decision, strictest first (SPEC §4): any deny
 * (a deny rule, an unmatched resource, an ungrantable role, an access longer than the
 * shortest maxDuration) denies and names why; else any require-approval rule requires
 * approval with the largest minApprovals, every rule's requirement kept, groups and
 * channels unioned, step-up if any asks, the shortest TTL, break-glass only if all
 * allow it; else auto-approve. `requester` wins over `countersign` for executeAs.
 */
function combineRules(input: CombineInput): PolicyDecision {
  const matchedRules = input.matched.map((rule) => rule.name);
  const reasons: string[] = [];
  const requiring: RequireApprovalRule[] = [];
  const auto: AutoApproveRule[] = [];
  let executeAs: ExecuteAs = 'countersign';
  for (const rule of input.matched) {
    if (rule.outcome === 'deny') {
      reasons.push(`denied by rule ${rule.name}: ${rule.reason}`);
    } else if (rule.outcome === 'auto-approve') {
      auto.push(rule);
      if (rule.executeAs === 'requester') executeAs = 'requester';
    } else {
      requiring.push(rule);
      if (rule.approval.executeAs === 'requester') executeAs = 'requester';
    }
  }
  reasons.push(...input.denials);
  if (reasons.length > 0) return { outcome: 'deny', reason: reasons.join('; '), matchedRules };

  const limit = input.access ? durationLimit([...auto, ...requiring], input) : undefined;
  if (input.access && limit && input.access.durationSeconds > limit.seconds) {
    const asked = formatPolicyDuration(input.access.durationSeconds);
    const reason = `requested ${asked} exceeds the ${formatPolicyDuration(limit.seconds)} maximum set by ${limit.source}`;
    return { outcome: 'deny', reason, matchedRules };
  }
  const maxDuration = limit ? { maxDurationSeconds: limit.seconds } : {};
  if (requiring.length > 0) return requireApproval(requiring, matchedRules, executeAs, maxDuration);
  const channels = unionChannels(auto.map((rule) => rule.channels));
  return { outcome: 'auto-approve', matchedRules, executeAs, channels, ...maxDuration };
}

const NO_FACTS: Readonly<Record<string, string>> = Object.freeze({});

function contextOf(input: PolicyInput): MatchContext {
  let zones: Map<string, LocalTime> | undefined;
  return {
    username: input.requester.username,
    groups: input.requester.groups,
    labels: input.target?.labels ?? NO_FACTS,
    annotations: input.target?.annotations ?? NO_FACTS,
    breakGlass: input.request.breakGlass,
    onCall: input.requester.onCall ?? { has: () => false },
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
 * The evaluator as it was before the rule index narrowed by namespace, testing every
 * rule of the policy in order: the oracle the indexed evaluator must agree with.
 */
export function evaluateEveryRule(policy: Policy, input: PolicyInput): PolicyDecision {
  const { request } = input;
  const subjects = subjectsOf(request, input.cluster);
  const context = contextOf(input);
  const matched: number[] = [];
  const denials: string[] = subjects.length === 0 ? ['the request names no resource'] : [];
  for (const subject of subjects) {
    let any = false;
    for (let index = 0; index < policy.rules.length; index += 1) {
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
