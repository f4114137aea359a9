import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PolicyDecision, RequireApprovalDecision } from '../../../../src/core/policy/decision.ts';
import { evaluatePolicy } from '../../../../src/core/policy/evaluate.ts';
import type { ChangeRequest } from '../../../../src/core/requests/request-types.ts';
import { accessRole, action, input, policyOf } from './policy-fixtures.ts';

const deletePod = action('delete', 'Pod', 'web-1', 'prod-payments');
const decide = (rules: string, request: ChangeRequest = deletePod): PolicyDecision =>
  evaluatePolicy(policyOf(rules), input(request));
const needsApproval = (decision: PolicyDecision): RequireApprovalDecision => {
  assert.equal(decision.outcome, 'require-approval');
  return decision;
};

const AUTO = '    - { name: auto, match: {}, outcome: auto-approve }\n';
const DENY =
  '    - { name: no-deletes, match: { verbs: [delete] }, outcome: deny, reason: deletes are frozen }\n';
const approve = (name: string, approval: string, match = '{}') =>
  `    - { name: ${name}, match: ${match}, outcome: require-approval, approval: ${approval} }\n`;
const SRE = approve('sre', '{ approverGroups: [sre], minApprovals: 1 }');

describe('combining matched rules (strictest wins)', () => {
  test('deny beats require-approval beats auto-approve, and lists every matched rule in policy order', () => {
    assert.equal(decide(AUTO).outcome, 'auto-approve');
    assert.equal(decide(AUTO + SRE).outcome, 'require-approval');
    const denied = decide(SRE + AUTO + DENY);
    assert.equal(denied.outcome, 'deny');
    assert.deepEqual(denied.matchedRules, ['sre', 'auto', 'no-deletes']);
  });

  test('a deny reason names its rule; several denials are all given', () => {
    const two =
      DENY +
      '    - { name: no-prod, match: { namespaces: [prod-*] }, outcome: deny, reason: prod is closed }\n';
    const decision = decide(AUTO + two);
    assert.equal(decision.outcome, 'deny');
    assert.equal(
      decision.outcome === 'deny' && decision.reason,
      'denied by rule no-deletes: deletes are frozen; denied by rule no-prod: prod is closed',
    );
  });

  test('no rule matched: deny saying what was not matched', () => {
    const decision = decide(approve('restarts', '{ approverGroups: [sre] }', '{ verbs: [restart] }'));
    assert.deepEqual(decision, {
      outcome: 'deny',
      reason: 'no policy rule matches delete Pod/web-1 in namespace prod-payments on cluster prod-eu-1',
      matchedRules: [],
    });
  });

  test('approvals needed is the largest minApprovals; every requirement is kept; groups are unioned', () => {
    const decision = needsApproval(
      decide(
        approve('a', '{ approverGroups: [sre, leads], minApprovals: 2 }') +
          approve('b', '{ approverGroups: [security, sre], minApprovals: 1 }') +
          AUTO,
      ),
    );
    assert.equal(decision.approvalsNeeded, 2);
    assert.deepEqual(decision.requirements, [
      { rule: 'a', approverGroups: ['sre', 'leads'], minApprovals: 2 },
      { rule: 'b', approverGroups: ['security', 'sre'], minApprovals: 1 },
    ]);
    assert.deepEqual(decision.approverGroups, ['sre', 'leads', 'security']);
    assert.deepEqual(decision.matchedRules, ['a', 'b', 'auto']);
  });

  test('step-up and requester step-up if any rule asks', () => {
    const plain = needsApproval(decide(SRE));
    assert.equal(plain.stepUp, false);
    assert.equal(plain.requesterStepUp, false);
    const both = needsApproval(
      decide(
        SRE +
          approve('up', '{ approverGroups: [sre], stepUp: true }') +
          approve('req', '{ approverGroups: [sre], requesterStepUp: true }'),
      ),
    );
    assert.equal(both.stepUp, true);
    assert.equal(both.requesterStepUp, true);
  });

  test('channels are the union, deduplicated in order; a rule without channels uses the defaults', () => {
    const decision = needsApproval(
      decide(
        approve('a', "{ approverGroups: [sre], channels: { slack: ['#a', '#b'], teams: [t1] } }") +
          approve('b', "{ approverGroups: [sre], channels: { slack: ['#b', '#c'], web: [queue] } }") +
          SRE,
      ),
    );
    assert.deepEqual(decision.channels, {
      slack: ['#a', '#b', '#c', '#default'],
      teams: ['t1'],
      web: ['queue'],
    });
  });

  test('request TTL is the shortest; the default applies where a rule sets none', () => {
    assert.equal(needsApproval(decide(SRE)).requestTtlSeconds, 3600);
    const decision = needsApproval(
      decide(SRE + approve('fast', '{ approverGroups: [sre], requestTTL: 15m }')),
    );
    assert.equal(decision.requestTtlSeconds, 900);
  });

  test('maxDuration is the shortest of the rules and the grantable role, for access only', () => {
    const rules =
      approve('a', '{ approverGroups: [sre], maxDuration: 4h }') +
      approve('b', '{ approverGroups: [sre], maxDuration: 90m }');
    assert.equal(
      needsApproval(decide(rules, accessRole('view', 'prod-payments', 3600))).maxDurationSeconds,
      5400,
    );
    assert.equal(
      needsApproval(decide(rules, accessRole('app-debug', 'prod-payments', 1800))).maxDurationSeconds,
      3600,
    );
    assert.equal(needsApproval(decide(rules)).maxDurationSeconds, undefined);
  });

  test('executeAs: requester wins over countersign', () => {
    const ours = approve('ours', '{ approverGroups: [sre], executeAs: countersign }');
    assert.equal(needsApproval(decide(ours)).executeAs, 'countersign');
    assert.equal(needsApproval(decide(ours + SRE)).executeAs, 'requester');
    const autoOurs =
      '    - { name: a, match: {}, outcome: auto-approve, approval: { executeAs: countersign } }\n';
    const decision = decide(autoOurs + AUTO);
    assert.equal(decision.outcome === 'auto-approve' && decision.executeAs, 'requester');
  });

  test('break-glass is allowed only if every matched require-approval rule allows it', () => {
    const glass = approve('glass', '{ approverGroups: [sre], allowBreakGlass: true }');
    assert.equal(needsApproval(decide(glass)).breakGlassAllowed, true);
    assert.equal(needsApproval(decide(glass + AUTO)).breakGlassAllowed, true);
    assert.equal(needsApproval(decide(glass + SRE)).breakGlassAllowed, false);
  });

  test('auto-approve announces only in the channels its rules name and keeps the shortest maxDuration', () => {
    const announce =
      "    - { name: a, match: {}, outcome: auto-approve, approval: { channels: { slack: ['#log'] }, maxDuration: 30m } }\n";
    assert.deepEqual(decide(AUTO), {
      outcome: 'auto-approve',
      matchedRules: ['auto'],
      executeAs: 'requester',
      channels: { slack: [], teams: [], web: [] },
    });
    const decision = decide(announce + AUTO, accessRole('view', 'prod-payments', 600));
    assert.equal(decision.outcome, 'auto-approve');
    assert.deepEqual(decision.outcome === 'auto-approve' && decision.channels, {
      slack: ['#log'],
      teams: [],
      web: [],
    });
    assert.equal(decision.outcome === 'auto-approve' && decision.maxDurationSeconds, 1800);
  });
});
