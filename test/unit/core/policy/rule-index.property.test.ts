import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { stringify } from 'yaml';
import type { PolicyInput } from '../../../../src/core/policy/decision.ts';
import { evaluatePolicy } from '../../../../src/core/policy/evaluate.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import { compileGlobs, isValidGlob } from '../../../../src/core/policy/match-glob.ts';
import { ACTION_VERBS, type ChangeRequest } from '../../../../src/core/requests/request-types.ts';
import { accessResources, accessRole, action, scale } from './policy-fixtures.ts';
import { evaluateEveryRule } from './reference-evaluator.ts';

const RUNS = 200;
const REQUESTS_PER_POLICY = 40;

/** Namespaces requests ask about: shared prefixes, prefixes of each other, and odd characters. */
const NAMESPACES = [
  'team-a-prod',
  'team-a-staging',
  'team-ab-prod',
  'team-a',
  'team-b-prod',
  'prod',
  'prod-eu',
  'x',
  'a|b',
  'team-a-prod/x',
  'Team-A-prod',
];
/** Namespace globs rules name: literals, fixed-prefix globs, and globs with no fixed prefix. */
const NAMESPACE_GLOBS = [
  ...NAMESPACES,
  'team-a-*',
  'team-a*',
  'team-*',
  'team-a-**',
  'team-?-prod',
  'team-a-prod/**',
  'prod*',
  'pr?d',
  '*-prod',
  '*',
  '[tp]*',
  '{team-a,prod}-*',
  'team-+(a|b)-prod',
  'team-a-\\*',
  't*-prod',
].filter(isValidGlob);
const KINDS = ['Deployment', 'deploy', 'StatefulSet', 'Pod', 'Secret', 'Node', 'ConfigMap'];
const ACTION_KINDS = ['Deployment', 'StatefulSet', 'Pod', 'Node', 'Secret'];
const VERBS = [...ACTION_VERBS, 'access'];
const GROUPS = ['sre', 'security', 'leads'];

const maybe = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arbitrary, { nil: undefined, freq: 2 });
const someOf = <T>(values: readonly T[], maxLength = 3): fc.Arbitrary<T[]> =>
  fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength });
const durations = fc.constantFrom('10m', '30m', '1h', '2h', '8h');

const matchArbitrary = fc
  .record({
    verbs: maybe(someOf(VERBS)),
    kinds: maybe(someOf(KINDS)),
    namespaces: maybe(someOf(NAMESPACE_GLOBS)),
    clusters: maybe(someOf(['prod', 'prod-*', 'staging'])),
    roles: maybe(someOf(['view', 'edit', 'e*'])),
    requesters: maybe(fc.record({ groups: someOf(['oncall', 'dev*', 'team-a-oncall']) })),
    labels: maybe(fc.constantFrom({ tier: 'backend-*' }, { tier: 'frontend' })),
    breakGlass: maybe(fc.boolean()),
  })
  .map((match) => Object.fromEntries(Object.entries(match).filter(([, value]) => value !== undefined)));

const ruleArbitrary = fc.oneof(
  fc.record({
    match: matchArbitrary,
    outcome: fc.constant('deny'),
    reason: fc.constantFrom('frozen', 'not here'),
  }),
  fc.record({
    match: matchArbitrary,
    outcome: fc.constant('auto-approve'),
    approval: fc
      .record({
        maxDuration: maybe(durations),
        executeAs: maybe(fc.constantFrom('requester', 'countersign')),
        channels: maybe(fc.record({ slack: someOf(['#a', '#b', '#c']) })),
      })
      .map((approval) =>
        Object.fromEntries(Object.entries(approval).filter(([, value]) => value !== undefined)),
      ),
  }),
  fc.record({
    match: matchArbitrary,
    outcome: fc.constant('require-approval'),
    approval: fc
      .record({
        approverGroups: someOf(GROUPS),
        minApprovals: maybe(fc.integer({ min: 1, max: 3 })),
        maxDuration: maybe(durations),
        requestTTL: maybe(durations),
        stepUp: maybe(fc.boolean()),
        allowBreakGlass: maybe(fc.boolean()),
        executeAs: maybe(fc.constantFrom('requester', 'countersign')),
        channels: maybe(fc.record({ slack: someOf(['#a', '#b', '#c']), teams: someOf(['t1', 't2']) })),
      })
      .map((approval) =>
        Object.fromEntries(Object.entries(approval).filter(([, value]) => value !== undefined)),
      ),
  }),
);

const policyArbitrary = fc.array(ruleArbitrary, { minLength: 1, maxLength: 30 }).map((rules) =>
  stringify({
    apiVersion: 'countersign.io/v1alpha1',
    kind: 'ApprovalPolicy',
    metadata: { name: 'generated' },
    spec: {
      defaults: { requestTTL: '1h', channels: { slack: ['#default'] } },
      approverGroups: Object.fromEntries(GROUPS.map((group) => [group, { users: [`${group}@example.com`] }])),
      grantableRoles: [
        { name: 'view', kind: 'ClusterRole', scopes: ['namespace', 'cluster'], maxDuration: '8h' },
        { name: 'edit', kind: 'ClusterRole', maxDuration: '2h' },
      ],
      rules: rules.map((rule, index) => ({ name: `rule-${index}`, ...rule })),
    },
  }),
);

const namespaceArbitrary = fc.constantFrom(...NAMESPACES.filter((name) => !name.includes('|')));
const requestArbitrary: fc.Arbitrary<ChangeRequest> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('delete', 'restart', 'cordon', 'drain') as fc.Arbitrary<
        'delete' | 'restart' | 'cordon'
      >,
      fc.constantFrom(...ACTION_KINDS),
      namespaceArbitrary,
      fc.boolean(),
    )
    .map(([verb, kind, namespace, breakGlass]) =>
      action(verb, kind, 'web-1', kind === 'Node' ? undefined : namespace, { breakGlass }),
    ),
  namespaceArbitrary.map((namespace) => scale('api', namespace)),
  fc
    .tuple(
      fc.constantFrom('view', 'edit', 'admin'),
      namespaceArbitrary,
      fc.constantFrom(600, 3600, 4 * 3600),
      fc.constantFrom<'namespace' | 'cluster'>('namespace', 'cluster'),
    )
    .map(([role, namespace, seconds, scope]) => accessRole(role, namespace, seconds, scope)),
  fc
    .tuple(someOf(['pods', 'pods/log', 'secrets', 'deployments', 'nodes']), namespaceArbitrary)
    .map(([resources, namespace]) => accessResources(resources, namespace, 600)),
);

const inputArbitrary: fc.Arbitrary<PolicyInput> = fc
  .record({
    request: requestArbitrary,
    cluster: fc.constantFrom('prod', 'prod-eu', 'staging'),
    groups: fc.subarray(['oncall', 'developers', 'team-a-oncall']),
    labels: fc.constantFrom<Record<string, string>>({}, { tier: 'backend-api' }, { tier: 'frontend' }),
    at: fc.integer({ min: Date.UTC(2026, 0, 5), max: Date.UTC(2026, 0, 12) }),
  })
  .map(({ request, cluster, groups, labels, at }) => ({
    request,
    cluster,
    requester: { username: 'dev@example.com', groups },
    target: { labels, annotations: {} },
    at,
  }));

describe('the rule index (property)', () => {
  test('indexed evaluation decides exactly as testing every rule does', () => {
    fc.assert(
      fc.property(
        policyArbitrary,
        fc.array(inputArbitrary, { minLength: REQUESTS_PER_POLICY, maxLength: REQUESTS_PER_POLICY }),
        (yamlText, inputs) => {
          const policy = loadPolicy(yamlText, 'generated.yaml');
          for (const input of inputs) {
            assert.deepStrictEqual(evaluatePolicy(policy, input), evaluateEveryRule(policy, input));
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('a compiled glob list matches exactly what picomatch matches', () => {
    const values = fc.constantFrom(...NAMESPACES, 'team-a-', 'team-', '', 'team-a-prod/x/y', 'team-a-*');
    fc.assert(
      fc.property(someOf(NAMESPACE_GLOBS, 4), values, (globs, value) => {
        const expected = globs.some((glob) =>
          picomatch.scan(glob).isGlob
            ? picomatch.makeRe(glob, { dot: true, nonegate: true }).test(value)
            : glob === value,
        );
        assert.equal(compileGlobs(globs)(value), expected, `${JSON.stringify(globs)} on ${value}`);
      }),
      { numRuns: 2000 },
    );
  });
});
