import { compileMatch, normaliseMatch } from './compile-match.ts';
import type { Channels } from './decision.ts';
import type {
  ApproverGroup,
  GrantableRole,
  GrantScope,
  Policy,
  PolicyDefaults,
  PolicyRule,
} from './policy.ts';
import { onCallKey, onCallTarget, type OnCallTarget } from './on-call-target.ts';
import { parsePolicyDuration } from './policy-duration.ts';
import type { PolicyDocument, RuleDocument } from './policy-schema.ts';
import { indexRules } from './rule-index.ts';

const DEFAULT_REQUEST_TTL_SECONDS = 3600;

type ChannelsDocument = { slack?: string[]; teams?: string[]; web?: string[] } | undefined;

const seconds = (text: string): number => parsePolicyDuration(text) ?? 0;
const optionalSeconds = (text: string | undefined): { maxDurationSeconds?: number } =>
  text === undefined ? {} : { maxDurationSeconds: seconds(text) };

function channelsOf(document: ChannelsDocument, fallback?: Channels): Channels {
  if (!document) return fallback ?? { slack: [], teams: [], web: [] };
  return { slack: document.slack ?? [], teams: document.teams ?? [], web: document.web ?? [] };
}

function compileRule(rule: RuleDocument, index: number, defaults: PolicyDefaults): PolicyRule {
  const matchSpec = normaliseMatch(rule.match);
  const base = {
    name: rule.name,
    ...(rule.description === undefined ? {} : { description: rule.description }),
    index,
    match: compileMatch(matchSpec),
    matchSpec,
  };
  const reason = rule.reason === undefined ? {} : { reason: rule.reason };
  const approval = rule.approval ?? {};
  switch (rule.outcome) {
    case 'deny':
      return { ...base, outcome: 'deny', reason: rule.reason ?? `denied by rule ${rule.name}` };
    case 'auto-approve':
      return {
        ...base,
        ...reason,
        outcome: 'auto-approve',
        executeAs: approval.executeAs ?? defaults.executeAs,
        channels: channelsOf(approval.channels),
        ...optionalSeconds(approval.maxDuration),
      };
    case 'require-approval':
      return {
        ...base,
        ...reason,
        outcome: 'require-approval',
        approval: {
          approverGroups: [...new Set(approval.approverGroups ?? [])],
          minApprovals: approval.minApprovals ?? 1,
          channels: channelsOf(approval.channels, defaults.channels),
          stepUp: approval.stepUp ?? false,
          requesterStepUp: approval.requesterStepUp ?? false,
          allowBreakGlass: approval.allowBreakGlass ?? false,
          ...(approval.holderMayExtend ? { holderMayExtend: true } : {}),
          requestTtlSeconds:
            approval.requestTTL === undefined ? defaults.requestTtlSeconds : seconds(approval.requestTTL),
          executeAs: approval.executeAs ?? defaults.executeAs,
          ...optionalSeconds(approval.maxDuration),
          ...(approval.escalation === undefined
            ? {}
            : {
                escalation: approval.escalation.map((step) => ({
                  afterSeconds: seconds(step.after),
                  approverGroups: [...new Set(step.approverGroups)],
                  channels: channelsOf(step.channels, channelsOf(approval.channels, defaults.channels)),
                })),
              }),
          ...(approval.remindApproversEvery === undefined
            ? {}
            : { remindApproversEverySeconds: seconds(approval.remindApproversEvery) }),
        },
      };
  }
}

/**
 * Turns a document that passed the schema and the reference checks into a compiled
 * {@link Policy}: defaults filled in, durations in seconds, kinds canonical, globs,
 * selectors and schedules compiled, rules indexed by verb.
 */
export function compilePolicy(document: PolicyDocument, source: string): Policy {
  const { spec } = document;
  const defaults: PolicyDefaults = {
    requestTtlSeconds:
      spec.defaults?.requestTTL === undefined
        ? DEFAULT_REQUEST_TTL_SECONDS
        : seconds(spec.defaults.requestTTL),
    channels: channelsOf(spec.defaults?.channels),
    executeAs: spec.defaults?.executeAs ?? 'requester',
    ...optionalSeconds(spec.defaults?.maxDuration),
  };
  const approverGroups = new Map<string, ApproverGroup>(
    Object.entries(spec.approverGroups ?? {}).map(([name, group]) => [
      name,
      {
        name,
        ...(group.slackUserGroup === undefined ? {} : { slackUserGroup: group.slackUserGroup }),
        ...(group.teamsGroupId === undefined ? {} : { teamsGroupId: group.teamsGroupId }),
        users: group.users ?? [],
        ...(group.onCall === undefined ? {} : { onCall: onCallTarget(group.onCall) }),
      },
    ]),
  );
  const grantableRoles = new Map<string, GrantableRole>(
    (spec.grantableRoles ?? []).map((role) => [
      role.name,
      {
        name: role.name,
        kind: role.kind,
        scopes: [...new Set<GrantScope>(role.scopes ?? ['namespace'])],
        maxDurationSeconds: seconds(role.maxDuration),
      },
    ]),
  );
  const rules = spec.rules.map((rule, index) => compileRule(rule, index, defaults));
  const requesterOnCall = new Map<string, OnCallTarget>();
  for (const rule of spec.rules) {
    for (const document of [rule.match.requesters?.onCall, rule.match.requesters?.notOnCall]) {
      if (!document) continue;
      const target = onCallTarget(document);
      requesterOnCall.set(onCallKey(target), target);
    }
  }
  return {
    name: document.metadata.name,
    source,
    defaults,
    approverGroups,
    grantableRoles,
    requesterOnCall,
    rules,
    index: indexRules(rules),
  };
}
