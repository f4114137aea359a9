import { kindInfo } from '../requests/kinds.ts';
import { isLiteralGlob } from './match-glob.ts';
import type { MatchDocument } from './policy-schema.ts';
import type { Policy, PolicyRule } from './policy.ts';
import { matchCovers } from './rule-covers.ts';

/** Something legal but probably not what the admin meant; lint prints it without failing. */
export interface PolicyWarning {
  readonly path: string;
  readonly message: string;
}

/**
 * What the deployment asks of a step-up sign-in (`OIDC_REQUIRED_ACR`, `OIDC_REQUIRED_AMR`),
 * which the policy file cannot say: lint warns about step-up rules when neither is set.
 */
export interface StepUpStrength {
  readonly requiredAcr?: string;
  readonly requiredAmr: readonly string[];
}

/** What lint knows besides the policy; absent step-up strength means none is required. */
export interface LintContext {
  readonly stepUp?: StepUpStrength;
}

const NODE_VERBS = new Set(['cordon', 'uncordon', 'drain']);
const SLACK_USERGROUP_ID = /^S[A-Z0-9]{2,}$/;

function neverMatches(match: MatchDocument): string | undefined {
  if (!match.namespaces) return undefined;
  if (match.kinds?.every((kind) => !kindInfo(kind).namespaced)) {
    return `never matches: ${match.kinds.join(', ')} have no namespace, but the rule names namespaces`;
  }
  if (match.verbs?.every((verb) => NODE_VERBS.has(verb))) {
    return `never matches: ${match.verbs.join(', ')} act on nodes, which have no namespace, but the rule names namespaces`;
  }
  return undefined;
}

function shadowedBy(rule: PolicyRule, rules: readonly PolicyRule[]): string | undefined {
  for (const other of rules) {
    if (other === rule || !matchCovers(other.matchSpec, rule.matchSpec)) continue;
    if (other.outcome === 'deny' && rule.outcome !== 'deny') {
      return `never takes effect: deny rule ${other.name} matches every request this rule matches`;
    }
    if (other.outcome === 'require-approval' && rule.outcome === 'auto-approve') {
      return `never auto-approves: rule ${other.name} requires approval for every request this rule matches`;
    }
  }
  return undefined;
}

function approvalProblems(rule: PolicyRule, policy: Policy): string[] {
  if (rule.outcome !== 'require-approval') return [];
  const { approval } = rule;
  const problems: string[] = [];
  const groups = approval.approverGroups.map((name) => policy.approverGroups.get(name));
  if (groups.every((group) => group && !group.slackUserGroup && !group.teamsGroupId && !group.onCall)) {
    const people = new Set(groups.flatMap((group) => group?.users ?? []));
    if (people.size < approval.minApprovals) {
      problems.push(
        `needs ${approval.minApprovals} approvals but its groups list only ${people.size} people`,
      );
    }
  }
  const { slack, teams, web } = approval.channels;
  if (slack.length + teams.length + web.length === 0) {
    problems.push(
      'has no approval channels (none on the rule, none in spec.defaults): approvers are not notified',
    );
  }
  return problems;
}

function ungrantableRoles(rule: PolicyRule, policy: Policy): string[] {
  if (rule.outcome === 'deny') return [];
  return (rule.matchSpec.roles ?? [])
    .filter((role) => isLiteralGlob(role) && !policy.grantableRoles.has(role))
    .map(
      (role) =>
        `names role ${role}, which spec.grantableRoles does not list, so its requests are always denied`,
    );
}

function slackHandles(policy: Policy): PolicyWarning[] {
  return [...policy.approverGroups.values()]
    .filter((group) => group.slackUserGroup !== undefined && !SLACK_USERGROUP_ID.test(group.slackUserGroup))
    .map((group) => ({
      path: `spec.approverGroups.${group.name}.slackUserGroup`,
      message: `approver group ${group.name} names Slack user group "${group.slackUserGroup ?? ''}" by handle: anyone allowed to manage user groups can delete it and create one with that handle and other members. Name it by ID (S…, from usergroups.list or the group's link)`,
    }));
}

function weakStepUp(policy: Policy, context: LintContext): PolicyWarning[] {
  if (context.stepUp?.requiredAcr !== undefined || (context.stepUp?.requiredAmr.length ?? 0) > 0) return [];
  const rules = policy.rules.filter(
    (rule) => rule.outcome === 'require-approval' && (rule.approval.stepUp || rule.approval.requesterStepUp),
  );
  if (rules.length === 0) return [];
  return [
    {
      path: 'spec.rules',
      message: `${rules.length === 1 ? 'rule' : 'rules'} ${rules.map((rule) => rule.name).join(', ')} ${rules.length === 1 ? 'asks' : 'ask'} for step-up, but neither OIDC_REQUIRED_ACR nor OIDC_REQUIRED_AMR is set, so any fresh sign-in counts, even with a password alone. Set OIDC_REQUIRED_AMR (e.g. mfa) or OIDC_REQUIRED_ACR where Countersign runs, and where lint runs`,
    },
  ];
}

/**
 * Finds rules that are legal but likely wrong: a deny rule matching everything, rules
 * another rule always overrides, rules that can never match, approvals that cannot be
 * met or reach nobody, and roles that are not grantable; and weak spots: a Slack user
 * group named by its re-creatable handle, step-up rules while `context` requires no
 * acr or amr of the sign-in. Coverage is proven conservatively, so a missing warning
 * does not mean a rule is reachable.
 */
export function findPolicyWarnings(policy: Policy, context: LintContext = {}): PolicyWarning[] {
  const warnings: PolicyWarning[] = [...slackHandles(policy)];
  for (const rule of policy.rules) {
    const path = `spec.rules[${rule.index}]`;
    const add = (message: string): void =>
      void warnings.push({ path, message: `rule ${rule.name} ${message}` });
    if (rule.outcome === 'deny' && Object.keys(rule.matchSpec).length === 0) {
      add('matches every request, so every request is denied (no rule matching already means deny)');
    }
    const never = neverMatches(rule.matchSpec);
    if (never) add(never);
    const shadow = shadowedBy(rule, policy.rules);
    if (shadow) add(shadow);
    approvalProblems(rule, policy).forEach(add);
    ungrantableRoles(rule, policy).forEach(add);
  }
  return [...warnings, ...weakStepUp(policy, context)];
}
