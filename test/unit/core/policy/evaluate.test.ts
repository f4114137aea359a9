import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PolicyDecision } from '../../../../src/core/policy/decision.ts';
import { evaluatePolicy } from '../../../../src/core/policy/evaluate.ts';
import type { ChangeRequest } from '../../../../src/core/requests/request-types.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import { accessResources, accessRole, action, input, policyOf, policyText } from './policy-fixtures.ts';

const RULES = `    - { name: pods-auto, match: { verbs: [access], kinds: [Pod] }, outcome: auto-approve }
    - name: secrets-security
      match: { verbs: [access], kinds: [Secret] }
      outcome: require-approval
      approval: { approverGroups: [security], minApprovals: 2, maxDuration: 30m }
    - { name: roles, match: { verbs: [access], roles: ['*'] }, outcome: auto-approve }
`;
const policy = policyOf(RULES);
const decide = (request: ChangeRequest): PolicyDecision => evaluatePolicy(policy, input(request));
const reasonOf = (decision: PolicyDecision): string => (decision.outcome === 'deny' ? decision.reason : '');

describe('evaluatePolicy', () => {
  test('an auto-approve rule for pods cannot auto-approve pods and secrets together', () => {
    assert.equal(decide(accessResources(['pods', 'pods/log'], 'prod-payments', 600)).outcome, 'auto-approve');
    const both = decide(accessResources(['pods', 'secrets'], 'prod-payments', 600));
    assert.equal(both.outcome, 'require-approval');
    assert.deepEqual(both.matchedRules, ['pods-auto', 'secrets-security']);
  });

  test('a resource no rule matches denies the whole access request', () => {
    const decision = decide(accessResources(['pods', 'configmaps'], 'prod-payments', 600));
    assert.equal(decision.outcome, 'deny');
    assert.equal(
      reasonOf(decision),
      'no policy rule matches access to get configmaps in namespace prod-payments on cluster prod-eu-1; ' +
        'no policy rule matches access to list configmaps in namespace prod-payments on cluster prod-eu-1',
    );
    assert.deepEqual(decision.matchedRules, ['pods-auto']);
  });

  test('a role not listed as grantable is denied with the list', () => {
    const decision = decide(accessRole('cluster-admin', 'prod-payments', 600));
    assert.equal(decision.outcome, 'deny');
    assert.equal(
      reasonOf(decision),
      'role cluster-admin is not grantable (grantable roles: view, edit, app-debug)',
    );
  });

  test('a role asked for in a scope it does not allow is denied', () => {
    assert.equal(
      reasonOf(decide(accessRole('view', undefined, 600, 'cluster'))),
      'role view may be granted only in a namespace, not cluster-wide',
    );
    assert.equal(decide(accessRole('edit', undefined, 600, 'cluster')).outcome, 'auto-approve');
  });

  test('a duration above the role maxDuration is denied naming both durations', () => {
    assert.equal(decide(accessRole('edit', 'prod-payments', 7200)).outcome, 'auto-approve');
    assert.equal(
      reasonOf(decide(accessRole('edit', 'prod-payments', 4 * 3600))),
      'requested 4h exceeds the 2h maximum set by grantable role edit',
    );
  });

  test('a duration above a rule maxDuration is denied naming the rule', () => {
    assert.equal(
      reasonOf(decide(accessResources(['secrets'], 'prod-payments', 3600))),
      'requested 1h exceeds the 30m maximum set by rule secrets-security',
    );
  });

  test('defaults.maxDuration bounds access that no rule or grantable role bounds', () => {
    const text = policyText(RULES).replace(
      '    requestTTL: 1h\n',
      '    requestTTL: 1h\n    maxDuration: 2h\n',
    );
    const bounded = loadPolicy(text);
    const pods = (seconds: number) => evaluatePolicy(bounded, input(accessResources(['pods'], 'p', seconds)));
    assert.equal(pods(7200).outcome, 'auto-approve');
    assert.equal(reasonOf(pods(7260)), 'requested 2h1m exceeds the 2h maximum set by spec.defaults');
    assert.equal(evaluatePolicy(bounded, input(accessRole('view', 'p', 3 * 3600))).outcome, 'auto-approve');
    assert.equal(decide(accessResources(['pods'], 'p', 30 * 86_400)).outcome, 'auto-approve');
  });

  test('an action on a cluster-scoped kind carries no namespace into matching', () => {
    const nodes = policyOf("    - { name: prod, match: { namespaces: ['*'] }, outcome: auto-approve }\n");
    assert.equal(
      reasonOf(evaluatePolicy(nodes, input(action('drain', 'Node', 'ip-1')))),
      'no policy rule matches drain Node/ip-1 cluster-wide on cluster prod-eu-1',
    );
  });

  test('evaluation is pure: the same input gives the same decision, the policy is not changed', () => {
    const request = accessResources(['pods', 'secrets'], 'prod-payments', 600);
    assert.deepEqual(decide(request), decide(request));
  });

  test('accessVerbs and resources narrow a grant rule to exact verbs and subresources', () => {
    const narrow = policyOf(`    - name: read-pods-and-logs
      match: { verbs: [access], accessVerbs: [get, list], resources: [pods, pods/log] }
      outcome: auto-approve
    - name: exec-needs-sre
      match: { verbs: [access], resources: ['pods/exec'] }
      outcome: require-approval
      approval: { approverGroups: [security], minApprovals: 1 }
`);
    const run = (request: ChangeRequest) => evaluatePolicy(narrow, input(request));
    assert.equal(run(accessResources(['pods', 'pods/log'], 'prod-payments', 600)).outcome, 'auto-approve');
    const exec = run(accessResources(['pods', 'pods/exec'], 'prod-payments', 600));
    assert.equal(exec.outcome, 'require-approval');
    assert.deepEqual(exec.matchedRules, ['read-pods-and-logs', 'exec-needs-sre']);
    const deletes: ChangeRequest = {
      ...accessResources(['pods'], 'prod-payments', 600),
      grant: {
        kind: 'rules',
        rules: [{ verbs: ['get', 'delete'], resources: ['pods'], apiGroup: '', resourceNames: [] }],
      },
    };
    const decision = run(deletes);
    assert.equal(decision.outcome, 'deny');
    assert.match(reasonOf(decision), /no policy rule matches access to delete pods/);
  });

  test('accessVerbs rejects verbs Countersign never grants, naming the path', () => {
    assert.throws(
      () =>
        policyOf(`    - { name: bad, match: { accessVerbs: [escalate] }, outcome: auto-approve }
`),
      (error: unknown) => /spec\.rules\[0\]\.match\.accessVerbs\[0\]/.test(String((error as Error).message)),
    );
  });
});
