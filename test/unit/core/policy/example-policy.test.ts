import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { PolicyDecision, RequireApprovalDecision } from '../../../../src/core/policy/decision.ts';
import { evaluatePolicy } from '../../../../src/core/policy/evaluate.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import { findPolicyWarnings } from '../../../../src/core/policy/policy-warnings.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../../src/core/requests/request-types.ts';

const policy = loadPolicy(readFileSync(new URL('../../../../examples/policy.yaml', import.meta.url), 'utf8'));

const MONDAY_10_BERLIN = Date.parse('2026-03-02T10:00:00+01:00');
const MONDAY_20_BERLIN = Date.parse('2026-03-02T20:00:00+01:00');
const SATURDAY_11_BERLIN = Date.parse('2026-03-07T11:00:00+01:00');

interface Options {
  at?: number;
  groups?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function decide(text: string, options: Options = {}): PolicyDecision {
  const request = parseCommand(text) as ChangeRequest;
  const hasFacts = options.labels !== undefined || options.annotations !== undefined;
  return evaluatePolicy(policy, {
    request,
    cluster: 'prod-eu-1',
    requester: { username: 'dev@example.com', groups: options.groups ?? ['developers'] },
    ...(hasFacts ? { target: { labels: options.labels ?? {}, annotations: options.annotations ?? {} } } : {}),
    at: options.at ?? MONDAY_10_BERLIN,
  });
}

function approval(decision: PolicyDecision): RequireApprovalDecision {
  assert.equal(decision.outcome, 'require-approval', JSON.stringify(decision));
  return decision;
}

const denial = (decision: PolicyDecision): string => {
  assert.equal(decision.outcome, 'deny', JSON.stringify(decision));
  return decision.outcome === 'deny' ? decision.reason : '';
};

const DELETE = 'delete pod/web-1 -n prod-payments --reason stuck';

describe('examples/policy.yaml', () => {
  test('loads with no lint warnings where step-up requires mfa', () => {
    assert.equal(policy.name, 'example-policy');
    assert.deepEqual(findPolicyWarnings(policy, { stepUp: { requiredAmr: ['mfa'] } }), []);
  });

  test('a destructive change in prod during office hours needs 2 SRE leads with step-up', () => {
    const decision = approval(decide(DELETE));
    assert.deepEqual(decision.matchedRules, ['prod-destructive']);
    assert.equal(decision.approvalsNeeded, 2);
    assert.deepEqual(decision.approverGroups, ['sre-leads']);
    assert.equal(decision.stepUp, true);
    assert.deepEqual(decision.channels, {
      slack: ['#prod-approvals'],
      teams: ['19:prod-approvals@thread.tacv2'],
      web: [],
    });
    assert.equal(decision.requestTtlSeconds, 1800);
    assert.equal(decision.executeAs, 'requester');
    assert.equal(decision.breakGlassAllowed, true);
    assert.equal(
      approval(decide('scale deployment/api --replicas 5 -n prod-payments --reason load')).approvalsNeeded,
      2,
    );
  });

  test('out of hours (evenings and weekends, Berlin time) one more approval is needed', () => {
    const evening = approval(decide(DELETE, { at: MONDAY_20_BERLIN }));
    assert.deepEqual(evening.matchedRules, ['prod-destructive', 'prod-destructive-out-of-hours']);
    assert.equal(evening.approvalsNeeded, 3);
    assert.equal(approval(decide(DELETE, { at: SATURDAY_11_BERLIN })).approvalsNeeded, 3);
    const restart = 'restart deployment/api -n prod-payments --reason new-secret';
    assert.equal(approval(decide(restart)).approvalsNeeded, 1);
    assert.equal(approval(decide(restart, { at: MONDAY_20_BERLIN })).approvalsNeeded, 2);
  });

  test('staging auto-approves and is announced in #staging-changes', () => {
    const decision = decide('delete pod/web-1 -n staging-payments --reason test');
    assert.equal(decision.outcome, 'auto-approve');
    assert.deepEqual(decision.outcome === 'auto-approve' && decision.channels.slack, ['#staging-changes']);
  });

  test('anything no rule covers is denied by default', () => {
    assert.match(
      denial(decide('delete pod/web-1 -n dev-sandbox --reason test')),
      /^no policy rule matches delete Pod\/web-1/,
    );
  });

  test('cluster-admin is never granted', () => {
    const reason = denial(decide('access role/cluster-admin -n prod-payments --for 1h --reason debug'));
    assert.match(reason, /denied by rule never-cluster-admin: cluster-admin is never granted/);
    assert.match(reason, /role cluster-admin is not grantable \(grantable roles: view, edit\)/);
  });

  test('view: 1 approval up to 8h; edit: 2 approvals with step-up up to 2h', () => {
    const view = approval(decide('access role/view -n prod-payments --for 8h --reason debug'));
    assert.equal(view.approvalsNeeded, 1);
    assert.equal(view.maxDurationSeconds, 8 * 3600);
    assert.equal(
      denial(decide('access role/view -n prod-payments --for 9h --reason debug')),
      'requested 9h exceeds the 8h maximum set by grantable role view',
    );
    const edit = approval(decide('access role/edit -n prod-payments --for 2h --reason fix'));
    assert.equal(edit.approvalsNeeded, 2);
    assert.equal(edit.stepUp, true);
    assert.equal(
      denial(decide('access role/edit -n prod-payments --for 4h --reason fix')),
      'requested 4h exceeds the 2h maximum set by grantable role edit',
    );
  });

  test('objects labelled sensitivity: high also need the security group', () => {
    const decision = approval(decide(DELETE, { labels: { sensitivity: 'high' } }));
    assert.deepEqual(decision.requirements, [
      { rule: 'prod-destructive', approverGroups: ['sre-leads'], minApprovals: 2 },
      { rule: 'sensitive-objects', approverGroups: ['security'], minApprovals: 1 },
    ]);
    assert.deepEqual(decision.approverGroups, ['sre-leads', 'security']);
    assert.deepEqual(decision.channels.slack, ['#prod-approvals', '#security-approvals']);
    assert.equal(decision.breakGlassAllowed, false);
  });

  test('secrets access needs security, even in staging and next to pods', () => {
    const secret = approval(decide('access get secret/db-creds -n prod-payments --for 15m --reason rotate'));
    assert.deepEqual(secret.approverGroups, ['security']);
    assert.equal(secret.requesterStepUp, true);
    assert.equal(secret.maxDurationSeconds, 3600);
    const mixed = approval(
      decide('access get,list pods,secrets -n staging-payments --for 30m --reason debug'),
    );
    assert.deepEqual(mixed.matchedRules, ['staging-self-service', 'secrets-access']);
    assert.deepEqual(mixed.approverGroups, ['security']);
    const prodPods = approval(
      decide('access get,list pods,pods/log -n prod-payments --for 30m --reason debug'),
    );
    assert.deepEqual(prodPods.matchedRules, ['prod-access-workloads']);
  });

  test('contractors get no prod access; frozen objects cannot change', () => {
    assert.match(
      denial(decide('access role/view -n prod-payments --for 1h --reason x', { groups: ['contractors'] })),
      /denied by rule no-prod-access-for-contractors/,
    );
    assert.match(
      denial(decide(DELETE, { annotations: { 'countersign.io/change-freeze': 'true' } })),
      /denied by rule change-freeze/,
    );
  });

  test('nodes: drain needs 2 SRE leads and runs as Countersign', () => {
    const drain = approval(decide('drain node/ip-10-0-1-12 --reason kernel'));
    assert.deepEqual(drain.matchedRules, ['node-drain']);
    assert.equal(drain.approvalsNeeded, 2);
    assert.equal(drain.executeAs, 'countersign');
    assert.equal(approval(decide('cordon node/ip-10-0-1-12 --reason kernel')).approvalsNeeded, 1);
  });
});
