import type { PolicyInput, TargetFacts } from '../../../../src/core/policy/decision.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import type { Policy } from '../../../../src/core/policy/policy.ts';
import { kindInfo } from '../../../../src/core/requests/kinds.ts';
import type {
  AccessRequest,
  AccessRule,
  ActionRequest,
  ChangeRequest,
} from '../../../../src/core/requests/request-types.ts';

/** A Monday, 10:00 in Berlin (09:00 UTC, CET). */
export const MONDAY_MORNING = Date.parse('2026-01-05T09:00:00Z');

const common = { reason: 'test', breakGlass: false } as const;

/** An action request on a namespaced or cluster-scoped object, built without the grammar. */
export function action(
  verb: 'delete' | 'restart' | 'cordon' | 'uncordon' | 'drain',
  kind: string,
  name: string,
  namespace?: string,
  extra: Partial<Pick<ActionRequest, 'breakGlass' | 'incident' | 'cluster'>> = {},
): ActionRequest {
  return {
    ...common,
    ...extra,
    type: 'action',
    verb,
    target: { kind: kindInfo(kind), name, ...(namespace === undefined ? {} : { namespace }) },
  };
}

/** A scale request. */
export function scale(name: string, namespace: string, replicas = 3): ActionRequest {
  return {
    ...common,
    type: 'action',
    verb: 'scale',
    replicas,
    target: { kind: kindInfo('Deployment'), name, namespace },
  };
}

/** `access role/NAME -n NS --for DURATION`. */
export function accessRole(
  role: string,
  namespace: string | undefined,
  durationSeconds: number,
  scope: 'namespace' | 'cluster' = 'namespace',
): AccessRequest {
  return {
    ...common,
    type: 'access',
    grant: { kind: 'role', role, scope },
    ...(namespace === undefined ? {} : { namespace }),
    durationSeconds,
  };
}

/** `access get,list RESOURCES -n NS --for DURATION`, one rule per API group as the grammar would build. */
export function accessResources(
  resources: string[],
  namespace: string,
  durationSeconds: number,
): AccessRequest {
  const rules: AccessRule[] = resources.map((resource) => ({
    verbs: ['get', 'list'],
    resources: [resource],
    apiGroup: resource.startsWith('deployments') ? 'apps' : '',
    resourceNames: [],
  }));
  return { ...common, type: 'access', grant: { kind: 'rules', rules }, namespace, durationSeconds };
}

/** A policy input with sensible defaults; `target` given as labels only when set. */
export function input(
  request: ChangeRequest,
  options: {
    cluster?: string;
    username?: string;
    groups?: string[];
    target?: Partial<TargetFacts>;
    at?: number;
  } = {},
): PolicyInput {
  return {
    request,
    cluster: options.cluster ?? 'prod-eu-1',
    requester: { username: options.username ?? 'dev@example.com', groups: options.groups ?? [] },
    ...(options.target
      ? { target: { labels: options.target.labels ?? {}, annotations: options.target.annotations ?? {} } }
      : {}),
    at: options.at ?? MONDAY_MORNING,
  };
}

/** The document header and a small spec around `rules` (YAML, indented for `spec.rules`). */
export function policyText(rules: string, extraSpec = ''): string {
  return `apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata:
  name: test
spec:
  defaults:
    requestTTL: 1h
    channels: { slack: ['#default'] }
  approverGroups:
    sre: { slackUserGroup: S0SRE }
    security: { users: [sec1@example.com, sec2@example.com] }
    leads: { users: [lead@example.com] }
  grantableRoles:
    - { name: view, kind: ClusterRole, maxDuration: 8h }
    - { name: edit, kind: ClusterRole, scopes: [namespace, cluster], maxDuration: 2h }
    - { name: app-debug, kind: Role, maxDuration: 1h }
${extraSpec}  rules:
${rules}`;
}

/** Loads a policy made of `rules` (and optional extra spec lines). */
export function policyOf(rules: string, extraSpec = ''): Policy {
  return loadPolicy(policyText(rules, extraSpec), 'test.yaml');
}

/** A one-rule auto-approve policy matching `match` (a YAML flow mapping). */
export function allowOnly(match: string): Policy {
  return policyOf(`    - { name: only, match: ${match}, outcome: auto-approve }\n`);
}
