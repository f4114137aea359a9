import type { Channels, EscalationStep, PolicyDecision } from '../core/policy/decision.ts';
import type { Policy } from '../core/policy/policy.ts';
import { describeOnCall } from '../core/policy/on-call-target.ts';
import { formatPolicyDuration } from '../core/policy/policy-duration.ts';
import { findPolicyWarnings, type LintContext } from '../core/policy/policy-warnings.ts';

const list = (items: readonly string[]): string => (items.length > 0 ? items.join(', ') : '-');

function channelsText(channels: Channels): string {
  const parts = (['slack', 'teams', 'web'] as const)
    .filter((platform) => channels[platform].length > 0)
    .map((platform) => `${platform} ${channels[platform].join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : '-';
}

const row = (label: string, value: string): string => `${`${label}:`.padEnd(19)}${value}`;

/** `after 10m: sre-oncall (rule prod; slack #oncall)`, one step of an escalation. */
function stepText(step: EscalationStep): string {
  return `after ${formatPolicyDuration(step.afterSeconds)}: ${step.approverGroups.join(' or ')} (rule ${step.rule}; ${channelsText(step.channels)})`;
}

/** The lines `policy lint` prints for a valid policy: rules by outcome, groups, grantable roles. */
export function describePolicy(policy: Policy): string[] {
  const count = (outcome: string): number => policy.rules.filter((rule) => rule.outcome === outcome).length;
  const roles = [...policy.grantableRoles.values()].map(
    (role) =>
      `${role.name} (${role.kind}, ${role.scopes.join('/')}, up to ${formatPolicyDuration(role.maxDurationSeconds)})`,
  );
  return [
    row(
      'rules',
      `${policy.rules.length} (${count('deny')} deny, ${count('auto-approve')} auto-approve, ${count('require-approval')} require-approval)`,
    ),
    row('approver groups', list([...policy.approverGroups.keys()])),
    ...onCallRows(policy, [...policy.approverGroups.keys()]),
    row('grantable roles', list(roles)),
  ];
}

/** What `policy lint --json` prints for a valid policy: the same summary as the text, and the warnings. */
export function summarizePolicy(policy: Policy, context: LintContext) {
  const count = (outcome: string): number => policy.rules.filter((rule) => rule.outcome === outcome).length;
  return {
    policy: policy.name,
    rules: {
      total: policy.rules.length,
      deny: count('deny'),
      autoApprove: count('auto-approve'),
      requireApproval: count('require-approval'),
    },
    approverGroups: [...policy.approverGroups.keys()],
    grantableRoles: [...policy.grantableRoles.values()].map((role) => ({
      name: role.name,
      kind: role.kind,
      scopes: [...role.scopes],
      maxDurationSeconds: role.maxDurationSeconds,
    })),
    warnings: findPolicyWarnings(policy, context).map(({ path, message }) => ({ path, message })),
  };
}

/**
 * One `on call` row per approver group that is whoever is on call, e.g. `sre-oncall =
 * PagerDuty schedule P123, resolved at each click`; none when no group is.
 */
function onCallRows(policy: Policy, groups: readonly string[]): string[] {
  const rows = groups.flatMap((name) => {
    const target = policy.approverGroups.get(name)?.onCall;
    return target
      ? [`${name} = whoever is on call for ${describeOnCall(target)}, resolved at each click`]
      : [];
  });
  return rows.map((text, i) => (i === 0 ? row('on call', text) : `${' '.repeat(19)}${text}`));
}

/**
 * The lines `policy explain` prints for a decision, every field a card would show;
 * with `policy`, on-call approver groups say which schedule they stand for.
 */
export function describeDecision(decision: PolicyDecision, policy?: Policy): string[] {
  const lines = [row('decision', decision.outcome), row('matched rules', list(decision.matchedRules))];
  const maxDuration = (seconds: number | undefined): string =>
    row('max duration', seconds === undefined ? '-' : formatPolicyDuration(seconds));
  switch (decision.outcome) {
    case 'deny':
      return [...lines, row('reason', decision.reason)];
    case 'auto-approve':
      return [
        ...lines,
        row('announce in', channelsText(decision.channels)),
        maxDuration(decision.maxDurationSeconds),
        row('execute as', decision.executeAs),
      ];
    case 'require-approval':
      return [
        ...lines,
        row('approver groups', list(decision.approverGroups)),
        ...(policy ? onCallRows(policy, decision.approverGroups) : []),
        row('approvals needed', String(decision.approvalsNeeded)),
        row(
          'requirements',
          decision.requirements
            .map((r) => `${r.rule}: ${r.minApprovals} of ${r.approverGroups.join(' or ')}`)
            .join('; '),
        ),
        row('channels', channelsText(decision.channels)),
        row('step-up', decision.stepUp ? 'approvers re-authenticate' : 'no'),
        row('requester step-up', decision.requesterStepUp ? 'yes' : 'no'),
        row('break-glass', decision.breakGlassAllowed ? 'allowed' : 'not allowed'),
        row('request TTL', formatPolicyDuration(decision.requestTtlSeconds)),
        ...escalationRows(decision.escalation ?? [], decision.requestTtlSeconds),
        row(
          'remind approvers',
          decision.remindApproversEverySeconds === undefined
            ? 'no'
            : `every ${formatPolicyDuration(decision.remindApproversEverySeconds)}`,
        ),
        maxDuration(decision.maxDurationSeconds),
        row('execute as', decision.executeAs),
      ];
  }
}

/**
 * One `escalation` row per step, soonest first (`-` when none); a step at or after the
 * request TTL is marked as one that never fires.
 */
function escalationRows(steps: readonly EscalationStep[], ttlSeconds: number): string[] {
  if (steps.length === 0) return [row('escalation', '-')];
  return steps.map((step, i) => {
    const text = `${i + 1}. ${stepText(step)}${step.afterSeconds >= ttlSeconds ? ' (never: the request expires first)' : ''}`;
    return i === 0 ? row('escalation', text) : `${' '.repeat(19)}${text}`;
  });
}
