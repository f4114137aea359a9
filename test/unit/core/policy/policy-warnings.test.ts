import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import { findPolicyWarnings } from '../../../../src/core/policy/policy-warnings.ts';
import { policyOf, policyText } from './policy-fixtures.ts';

const warningsOf = (rules: string): string[] =>
  findPolicyWarnings(policyOf(rules)).map((w) => `${w.path}: ${w.message}`);
const SRE = '{ approverGroups: [sre] }';

describe('findPolicyWarnings', () => {
  test('a deny rule with an empty match denies everything', () => {
    assert.deepEqual(warningsOf('    - { name: catch-all, match: {}, outcome: deny, reason: no }\n'), [
      'spec.rules[0]: rule catch-all matches every request, so every request is denied (no rule matching already means deny)',
    ]);
  });

  test('a rule a deny rule always overrides never takes effect', () => {
    const warnings = warningsOf(
      [
        "    - { name: no-prod, match: { namespaces: ['prod-*'] }, outcome: deny, reason: closed }",
        '    - { name: payments, match: { namespaces: [prod-payments], verbs: [delete] }, outcome: auto-approve }',
        "    - { name: other, match: { namespaces: ['prod-*', staging] }, outcome: auto-approve }",
        '',
      ].join('\n'),
    );
    assert.deepEqual(warnings, [
      'spec.rules[1]: rule payments never takes effect: deny rule no-prod matches every request this rule matches',
    ]);
  });

  test('an auto-approve rule a require-approval rule always covers never auto-approves', () => {
    const warnings = warningsOf(
      [
        `    - { name: pods, match: { kinds: [Pod], labels: { tier: web } }, outcome: auto-approve }`,
        `    - { name: all-pods, match: { kinds: [pods, Secret] }, outcome: require-approval, approval: ${SRE} }`,
        `    - { name: web, match: { kinds: [Pod], labels: { tier: db } }, outcome: auto-approve }`,
        `    - { name: db-only, match: { labels: { tier: web, team: a } }, outcome: require-approval, approval: ${SRE} }`,
        '',
      ].join('\n'),
    );
    assert.deepEqual(warnings, [
      'spec.rules[0]: rule pods never auto-approves: rule all-pods requires approval for every request this rule matches',
      'spec.rules[2]: rule web never auto-approves: rule all-pods requires approval for every request this rule matches',
    ]);
  });

  test('namespaced rules for cluster-scoped kinds or node verbs never match', () => {
    assert.deepEqual(
      warningsOf(
        [
          "    - { name: a, match: { namespaces: ['*'], kinds: [Node] }, outcome: auto-approve }",
          "    - { name: b, match: { namespaces: ['*'], verbs: [drain, cordon] }, outcome: auto-approve }",
          "    - { name: c, match: { namespaces: ['*'], verbs: [drain, delete] }, outcome: auto-approve }",
          '',
        ].join('\n'),
      ).map((w) => w.replace(/:.*?:/, ':')),
      [
        'spec.rules[0]: Node have no namespace, but the rule names namespaces',
        'spec.rules[1]: drain, cordon act on nodes, which have no namespace, but the rule names namespaces',
      ],
    );
  });

  test('approvals that cannot be met, or that reach no channel', () => {
    assert.deepEqual(
      warningsOf(
        `    - { name: a, match: {}, outcome: require-approval, approval: { approverGroups: [leads, security], minApprovals: 4 } }\n`,
      ),
      ['spec.rules[0]: rule a needs 4 approvals but its groups list only 3 people'],
    );
    assert.deepEqual(
      warningsOf(
        `    - { name: a, match: {}, outcome: require-approval, approval: { approverGroups: [sre], minApprovals: 4 } }\n`,
      ),
      [],
    );
    const silent = loadPolicy(
      policyText(`    - { name: a, match: {}, outcome: require-approval, approval: ${SRE} }\n`).replace(
        "    channels: { slack: ['#default'] }\n",
        '',
      ),
    );
    assert.match(findPolicyWarnings(silent)[0]!.message, /has no approval channels/);
  });

  test('a rule for a role that is not grantable', () => {
    assert.deepEqual(
      warningsOf(`    - { name: a, match: { roles: [admin, 'vi*'] }, outcome: auto-approve }\n`),
      [
        'spec.rules[0]: rule a names role admin, which spec.grantableRoles does not list, so its requests are always denied',
      ],
    );
  });
});
