import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PolicyInvalidError } from '../../../../src/core/errors.ts';
import { evaluatePolicy } from '../../../../src/core/policy/evaluate.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../../src/core/requests/request-types.ts';

const doc = (groups: string, requesters = '{ users: [alice] }') => `apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: t }
spec:
  approverGroups:
${groups}
  grantableRoles:
    - { name: edit, kind: ClusterRole, maxDuration: 4h }
  rules:
    - name: shortcut
      match: { namespaces: [prod-*], requesters: ${requesters} }
      outcome: auto-approve
    - name: prod
      match: { namespaces: [prod-*], requesters: { notOnCall: { pagerduty: { scheduleId: P1 } } } }
      outcome: require-approval
      approval: { approverGroups: [oncall] }
`;
const GROUP = '    oncall: { onCall: { pagerduty: { scheduleId: P1 } } }';

function issues(text: string): string[] {
  try {
    loadPolicy(text);
  } catch (error) {
    assert.ok(error instanceof PolicyInvalidError, String(error));
    return error.issues.map((i) => `${i.path}: ${i.message.replace(/ \(line \d+\)$/, '')}`);
  }
  return assert.fail('the policy loaded');
}

describe('onCall in approver groups and requesters', () => {
  test('compiles to a target; requester targets are collected by key', () => {
    const policy = loadPolicy(doc(GROUP, '{ onCall: { opsgenie: { scheduleName: ops } } }'));
    assert.deepEqual(policy.approverGroups.get('oncall')?.onCall, {
      provider: 'pagerduty',
      scheduleId: 'P1',
    });
    assert.deepEqual([...policy.requesterOnCall.keys()].sort(), [
      'opsgenie:schedule-name:ops',
      'pagerduty:schedule:P1',
    ]);
  });

  test('clear errors: two providers, two identifiers, none, an unknown field', () => {
    const both = issues(
      doc('    oncall: { onCall: { pagerduty: { scheduleId: P1 }, opsgenie: { scheduleId: x } } }'),
    );
    assert.deepEqual(both, ['spec.approverGroups.oncall.onCall: name exactly one of pagerduty or opsgenie']);
    const two = issues(
      doc('    oncall: { onCall: { pagerduty: { scheduleId: P1, escalationPolicyId: P2 } } }'),
    );
    assert.deepEqual(two, [
      'spec.approverGroups.oncall.onCall.pagerduty: set exactly one of scheduleId or escalationPolicyId',
    ]);
    const none = issues(doc('    oncall: { onCall: { opsgenie: {} } }'));
    assert.deepEqual(none, [
      'spec.approverGroups.oncall.onCall.opsgenie: set exactly one of scheduleId or scheduleName',
    ]);
    const typo = issues(doc('    oncall: { onCall: { pagerduty: { schedule: P1 } } }'));
    assert.ok(
      typo.some(
        (line) => line.includes('spec.approverGroups.oncall.onCall.pagerduty') && line.includes('schedule'),
      ),
      typo.join('\n'),
    );
  });

  test('onCall matches only where filing found the requester on call; notOnCall is its fail-closed complement', () => {
    const policy = loadPolicy(doc(GROUP, '{ onCall: { pagerduty: { scheduleId: P1 } } }'));
    const request = parseCommand('access role/edit -n prod-a --for 1h --reason x') as ChangeRequest;
    const decide = (onCall?: Set<string>) =>
      evaluatePolicy(policy, {
        request,
        cluster: 'c',
        requester: { username: 'bob', groups: [], ...(onCall ? { onCall } : {}) },
        at: 0,
      });
    assert.deepEqual(decide(new Set(['pagerduty:schedule:P1'])).matchedRules, ['shortcut']);
    assert.equal(decide(new Set(['pagerduty:schedule:P1'])).outcome, 'auto-approve');
    // Not on call, or unknown (the service could not answer): the approval rule applies.
    assert.deepEqual(decide(new Set()).matchedRules, ['prod']);
    assert.deepEqual(decide().matchedRules, ['prod']);
  });
});
