import type {
  ApprovalRequirement,
  Channels,
  EscalationStep,
  ExecuteAs,
  PolicyDecision,
  RequireApprovalDecision,
} from './decision.ts';
import type {
  AutoApproveRule,
  GrantableRole,
  PolicyDefaults,
  PolicyRule,
  RequireApprovalRule,
} from './policy.ts';
import { formatPolicyDuration } from './policy-duration.ts';

/** Everything combination needs besides the matched rules. */
export interface CombineInput {
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

/** Appends each of `values` to `into` unless present (the lists are a handful long, so no Set). */
function addDistinct(into: string[], values: readonly string[]): void {
  for (const value of values) if (!into.includes(value)) into.push(value);
}

function unionChannels(all: readonly Channels[]): Channels {
  if (all.length === 1) return all[0]!;
  const slack: string[] = [];
  const teams: string[] = [];
  const web: string[] = [];
  for (const channels of all) {
    addDistinct(slack, channels.slack);
    addDistinct(teams, channels.teams);
    addDistinct(web, channels.web);
  }
  return { slack, teams, web };
}

function ruleMaxDuration(rule: AllowingRule): number | undefined {
  return rule.outcome === 'auto-approve' ? rule.maxDurationSeconds : rule.approval.maxDurationSeconds;
}

/** The shortest maximum duration: auto-approve rules first, then require-approval rules, then the role; ties go to the first. */
function durationLimit(
  auto: readonly AutoApproveRule[],
  requiring: readonly RequireApprovalRule[],
  input: CombineInput,
): Limit | undefined {
  let seconds: number | undefined;
  let source = '';
  for (const rules of [auto, requiring]) {
    for (const rule of rules) {
      const max = ruleMaxDuration(rule);
      if (max !== undefined && (seconds === undefined || max < seconds)) {
        seconds = max;
        source = `rule ${rule.name}`;
      }
    }
  }
  const role = input.access?.role;
  if (role && (seconds === undefined || role.maxDurationSeconds < seconds)) {
    seconds = role.maxDurationSeconds;
    source = `grantable role ${role.name}`;
  }
  if (seconds === undefined && input.defaults.maxDurationSeconds !== undefined) {
    seconds = input.defaults.maxDurationSeconds;
    source = 'spec.defaults';
  }
  return seconds === undefined ? undefined : { seconds, source };
}

function requireApproval(
  requiring: readonly RequireApprovalRule[],
  matchedRules: readonly string[],
  executeAs: ExecuteAs,
  limit: Limit | undefined,
): RequireApprovalDecision {
  const groups: string[] = [];
  const requirements: ApprovalRequirement[] = [];
  const channels: Channels[] = [];
  let approvalsNeeded = 0;
  let stepUp = false;
  let requesterStepUp = false;
  let breakGlassAllowed = true;
  let holderMayExtend = true;
  let requestTtlSeconds = Number.POSITIVE_INFINITY;
  let remindEvery: number | undefined;
  const escalation: EscalationStep[] = [];
  for (const rule of requiring) {
    const { approval } = rule;
    addDistinct(groups, approval.approverGroups);
    requirements.push({
      rule: rule.name,
      approverGroups: approval.approverGroups,
      minApprovals: approval.minApprovals,
    });
    channels.push(approval.channels);
    approvalsNeeded = Math.max(approvalsNeeded, approval.minApprovals);
    stepUp ||= approval.stepUp;
    requesterStepUp ||= approval.requesterStepUp;
    breakGlassAllowed &&= approval.allowBreakGlass;
    holderMayExtend &&= approval.holderMayExtend === true;
    requestTtlSeconds = Math.min(requestTtlSeconds, approval.requestTtlSeconds);
    for (const step of approval.escalation ?? []) escalation.push({ rule: rule.name, ...step });
    const every = approval.remindApproversEverySeconds;
    if (every !== undefined && (remindEvery === undefined || every < remindEvery)) remindEvery = every;
  }
  // Stable: steps due at the same time keep policy order.
  escalation.sort((a, b) => a.afterSeconds - b.afterSeconds);
  const decision: RequireApprovalDecision = {
    outcome: 'require-approval',
    matchedRules,
    requirements,
    approverGroups: groups,
    approvalsNeeded,
    channels: unionChannels(channels),
    stepUp,
    requesterStepUp,
    breakGlassAllowed,
    ...(holderMayExtend ? { holderMayExtend } : {}),
    requestTtlSeconds,
    executeAs,
    ...(escalation.length > 0 ? { escalation } : {}),
    ...(remindEvery === undefined ? {} : { remindApproversEverySeconds: remindEvery }),
  };
  return limit ? { ...decision, maxDurationSeconds: limit.seconds } : decision;
}

/**
 * Combines the matched rules into one decision, strictest first (docs/spec.md §4): any deny
 * (a deny rule, an unmatched resource, an ungrantable role, an access longer than the
 * shortest maxDuration) denies and names why; else any require-approval rule requires
 * approval with the largest minApprovals, every rule's requirement kept, groups and
 * channels unioned, step-up if any asks, the shortest TTL, break-glass and a holder's
 * extension beyond the approved length only if all allow it, every rule's escalation
 * steps kept (soonest first) and approvers nudged at the shortest interval any rule
 * asks; else auto-approve. `requester` wins over `countersign` for executeAs.
 */
export function combineRules(input: CombineInput): PolicyDecision {
  const matchedRules: string[] = [];
  const reasons: string[] = [];
  const requiring: RequireApprovalRule[] = [];
  const auto: AutoApproveRule[] = [];
  const autoChannels: Channels[] = [];
  let executeAs: ExecuteAs = 'countersign';
  for (const rule of input.matched) {
    matchedRules.push(rule.name);
    if (rule.outcome === 'deny') {
      reasons.push(`denied by rule ${rule.name}: ${rule.reason}`);
      continue;
    }
    if (rule.outcome === 'auto-approve') {
      auto.push(rule);
      autoChannels.push(rule.channels);
      if (rule.executeAs === 'requester') executeAs = 'requester';
    } else {
      requiring.push(rule);
      if (rule.approval.executeAs === 'requester') executeAs = 'requester';
    }
  }
  for (const denial of input.denials) reasons.push(denial);
  if (reasons.length > 0) return { outcome: 'deny', reason: reasons.join('; '), matchedRules };

  const limit = input.access ? durationLimit(auto, requiring, input) : undefined;
  if (input.access && limit && input.access.durationSeconds > limit.seconds) {
    const asked = formatPolicyDuration(input.access.durationSeconds);
    const reason = `requested ${asked} exceeds the ${formatPolicyDuration(limit.seconds)} maximum set by ${limit.source}`;
    return { outcome: 'deny', reason, matchedRules };
  }
  if (requiring.length > 0) return requireApproval(requiring, matchedRules, executeAs, limit);
  const channels = unionChannels(autoChannels);
  return limit
    ? { outcome: 'auto-approve', matchedRules, executeAs, channels, maxDurationSeconds: limit.seconds }
    : { outcome: 'auto-approve', matchedRules, executeAs, channels };
}
