import { stringify } from 'yaml';
import type { PolicyInput } from '../../src/core/policy/decision.ts';
import { parseCommand } from '../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../src/core/requests/request-types.ts';

/** Teams the generated rules are about; inputs also name teams beyond these, which no rule matches. */
export const TEAMS = 100;
const ACTIONS = ['scale', 'delete', 'restart', 'access'] as const;

function rule(i: number): Record<string, unknown> {
  const team = `team-${i % TEAMS}`;
  const match: Record<string, unknown> = {
    namespaces: i % 2 === 0 ? [`${team}-*`] : [`${team}-prod`, `${team}-staging`],
  };
  if (i % 3 === 0) match.verbs = ['delete', 'scale', 'restart'];
  if (i % 3 === 1) Object.assign(match, { verbs: ['access'], roles: ['view', 'edit'] });
  if (i % 4 === 0 && i % 3 !== 1) match.kinds = ['Deployment', 'StatefulSet'];
  if (i % 5 === 0) match.labels = { tier: 'backend-*' };
  if (i % 7 === 0) match.requesters = { groups: [`${team}-oncall`] };
  if (i % 11 === 0) {
    match.schedule = {
      timeZone: 'Europe/Berlin',
      outside: [{ days: ['Mon-Fri'], from: '09:00', to: '18:00' }],
    };
  }
  const name = `rule-${i}`;
  if (i % 13 === 0) return { name, match, outcome: 'deny', reason: `rule ${i} forbids this` };
  if (i % 2 === 0) {
    return {
      name,
      match,
      outcome: 'require-approval',
      approval: {
        approverGroups: [`approvers-${i % 10}`],
        minApprovals: 1 + (i % 3),
        channels: { slack: [`#${team}`] },
      },
    };
  }
  return { name, match, outcome: 'auto-approve' };
}

/**
 * An ApprovalPolicy of `count` rules over 100 teams (rule `i` is about team `i % 100`,
 * so each team has `count / 100` rules), or of those of them `keep` keeps, in order, mixing every match dimension a
 * real policy uses — namespace globs and lists, verbs, kinds, roles, label globs,
 * requester groups, a time window in a named zone — and all three outcomes.
 */
export function largePolicyYaml(count: number, keep: (rule: number) => boolean = () => true): string {
  return stringify({
    apiVersion: 'countersign.io/v1alpha1',
    kind: 'ApprovalPolicy',
    metadata: { name: `bench-${count}-rules` },
    spec: {
      defaults: { requestTTL: '1h', executeAs: 'requester' },
      approverGroups: Object.fromEntries(
        Array.from({ length: 10 }, (_, g) => [`approvers-${g}`, { users: [`lead-${g}@example.com`] }]),
      ),
      grantableRoles: [
        { name: 'view', kind: 'ClusterRole', scopes: ['namespace'], maxDuration: '8h' },
        { name: 'edit', kind: 'ClusterRole', scopes: ['namespace'], maxDuration: '2h' },
      ],
      rules: Array.from({ length: count }, (_, i) => i)
        .filter(keep)
        .map(rule),
    },
  });
}

/**
 * `count` varied requests to evaluate: four verbs, teams 0 to `teams - 1` (by default
 * 0–119, so a sixth match no rule),
 * prod and staging namespaces, targets with and without a backend tier label,
 * requesters in and out of the team's on-call group, at varied times of the week.
 */
export function policyInputs(count: number, teams = 120): PolicyInput[] {
  const week = 7 * 24 * 3600_000;
  return Array.from({ length: count }, (_, i) => {
    const team = `team-${(i * 37) % teams}`;
    const namespace = `${team}-${i % 3 === 0 ? 'staging' : 'prod'}`;
    const verb = ACTIONS[i % ACTIONS.length]!;
    const text =
      verb === 'access'
        ? `access role/${i % 2 === 0 ? 'view' : 'edit'} -n ${namespace} --for 1h --reason bench`
        : verb === 'scale'
          ? `scale deployment/api-${i} --replicas 3 -n ${namespace} --reason bench`
          : `${verb} deployment/api-${i} -n ${namespace} --reason bench`;
    const request = parseCommand(text) as ChangeRequest;
    const labels: Record<string, string> = i % 3 === 0 ? {} : { tier: 'backend-api' };
    return {
      request,
      cluster: 'prod',
      requester: {
        username: `user-${i}@example.com`,
        groups: i % 2 === 0 ? [`${team}-oncall`] : ['developers'],
      },
      ...(verb === 'access' ? {} : { target: { labels, annotations: {} } }),
      at: Date.UTC(2026, 0, 5) + ((i * 7919 * 60_000) % week),
    };
  });
}
