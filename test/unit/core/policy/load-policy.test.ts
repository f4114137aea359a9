import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PolicyInvalidError } from '../../../../src/core/errors.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import type { PolicyVerb } from '../../../../src/core/requests/request-types.ts';
import { policyText } from './policy-fixtures.ts';

function issuesOf(text: string): { path: string; message: string }[] {
  try {
    loadPolicy(text);
  } catch (error) {
    assert.ok(error instanceof PolicyInvalidError, String(error));
    assert.equal(error.code, 'policy_invalid');
    return [...error.issues];
  }
  assert.fail('the policy loaded but should not have');
}

const pathsOf = (rules: string, extra = ''): string[] =>
  issuesOf(policyText(rules, extra)).map((i) => i.path);
const only = (rules: string, extra = ''): { path: string; message: string } => {
  const issues = issuesOf(policyText(rules, extra));
  assert.equal(issues.length, 1, JSON.stringify(issues));
  return issues[0]!;
};

describe('loadPolicy validation', () => {
  test('a glob of the wrong type is named by its index', () => {
    const issue = only('    - { name: a, match: { namespaces: [prod-*, 42] }, outcome: auto-approve }\n');
    assert.equal(issue.path, 'spec.rules[0].match.namespaces[1]');
    assert.match(issue.message, /expected a glob string/);
    assert.equal(
      only('    - { name: a, match: { namespaces: prod-* }, outcome: auto-approve }\n').path,
      'spec.rules[0].match.namespaces',
    );
  });

  test('an approver group that is not defined', () => {
    const issue = only(
      '    - { name: a, match: {}, outcome: require-approval, approval: { approverGroups: [sre, sre-leeds] } }\n',
    );
    assert.equal(issue.path, 'spec.rules[0].approval.approverGroups[1]');
    assert.match(
      issue.message,
      /unknown approver group "sre-leeds" \(defined groups: sre, security, leads\)/,
    );
  });

  test('escalation: steps in order, groups that exist, not on auto-approve rules', () => {
    const rule = (escalation: string, outcome = 'require-approval') =>
      `    - { name: a, match: {}, outcome: ${outcome}, approval: { ${outcome === 'require-approval' ? 'approverGroups: [sre], ' : ''}escalation: ${escalation} } }\n`;
    const backwards = only(
      rule('[{ after: 20m, approverGroups: [leads] }, { after: 10m, approverGroups: [security] }]'),
    );
    assert.equal(backwards.path, 'spec.rules[0].approval.escalation[1].after');
    assert.match(backwards.message, /later than the previous step's 20m/);
    const unknown = only(rule('[{ after: 10m, approverGroups: [oncall] }]'));
    assert.equal(unknown.path, 'spec.rules[0].approval.escalation[0].approverGroups[0]');
    assert.match(unknown.message, /unknown approver group "oncall"/);
    assert.equal(
      only(rule('[{ after: soon, approverGroups: [leads] }]')).path,
      'spec.rules[0].approval.escalation[0].after',
    );
    assert.equal(only(rule('[]')).path, 'spec.rules[0].approval.escalation');
    assert.equal(
      only(rule('[{ after: 10m, approverGroups: [leads] }]', 'auto-approve')).path,
      'spec.rules[0].approval.escalation',
    );
    assert.equal(
      only(
        '    - { name: a, match: {}, outcome: require-approval, approval: { approverGroups: [sre], remindApproversEvery: often } }\n',
      ).path,
      'spec.rules[0].approval.remindApproversEvery',
    );
  });

  test('a deny rule without a reason', () => {
    const issue = only(
      '    - { name: a, match: {}, outcome: auto-approve }\n    - { name: b, match: {}, outcome: deny }\n',
    );
    assert.equal(issue.path, 'spec.rules[1].reason');
    assert.match(issue.message, /deny rule needs a reason/);
  });

  test('bad durations, wherever they are', () => {
    assert.deepEqual(
      pathsOf(
        '    - { name: a, match: {}, outcome: require-approval, approval: { approverGroups: [sre], requestTTL: 1 hour, maxDuration: 0m } }\n',
      ),
      ['spec.rules[0].approval.requestTTL', 'spec.rules[0].approval.maxDuration'],
    );
    const role = issuesOf(
      policyText('    - { name: a, match: {}, outcome: auto-approve }\n').replace(
        'maxDuration: 8h',
        'maxDuration: 8',
      ),
    );
    assert.equal(role.length, 1);
    assert.equal(role[0]!.path, 'spec.grantableRoles[0].maxDuration');
  });

  test('an unknown kind, with the known ones listed', () => {
    const issue = only('    - { name: a, match: { kinds: [pods, Deploymnt] }, outcome: auto-approve }\n');
    assert.equal(issue.path, 'spec.rules[0].match.kinds[1]');
    assert.match(issue.message, /unknown kind "Deploymnt": use one of Pod, Deployment/);
  });

  test('an unknown time zone', () => {
    const issue = only(
      "    - { name: a, match: { schedule: { timeZone: Europe/Berln, within: [{ from: '09:00', to: '18:00' }] } }, outcome: auto-approve }\n",
    );
    assert.equal(issue.path, 'spec.rules[0].match.schedule.timeZone');
    assert.match(issue.message, /unknown time zone "Europe\/Berln"/);
  });

  test('duplicate rule names', () => {
    const issue = only(
      '    - { name: a, match: {}, outcome: auto-approve }\n    - { name: a, match: {}, outcome: auto-approve }\n',
    );
    assert.equal(issue.path, 'spec.rules[1].name');
    assert.match(issue.message, /duplicate rule name "a" \(first used by spec\.rules\[0\]\)/);
  });

  test('unknown fields are named, so typos do not silently widen a rule', () => {
    const issue = only('    - { name: a, match: { namespace: [prod-*] }, outcome: auto-approve }\n');
    assert.equal(issue.path, 'spec.rules[0].match.namespace');
    assert.match(issue.message, /unknown field "namespace"/);
  });

  test('fields each outcome requires or forbids', () => {
    assert.deepEqual(
      pathsOf(
        [
          '    - { name: a, match: {}, outcome: require-approval }',
          '    - { name: b, match: {}, outcome: require-approval, approval: { minApprovals: 2 } }',
          '    - { name: c, match: {}, outcome: auto-approve, approval: { stepUp: true, maxDuration: 1h } }',
          '    - { name: d, match: {}, outcome: deny, reason: no, approval: { maxDuration: 1h } }',
          '    - { name: e, match: {}, outcome: require-approval, approval: { approverGroups: [sre], minApprovals: 0 } }',
          '',
        ].join('\n'),
      ),
      [
        'spec.rules[0].approval',
        'spec.rules[1].approval.approverGroups',
        'spec.rules[2].approval.stepUp',
        'spec.rules[3].approval',
        'spec.rules[4].approval.minApprovals',
      ],
    );
  });

  test('selector, schedule and requester shapes', () => {
    assert.deepEqual(
      pathsOf(
        [
          "    - { name: a, match: { labels: { 'app.kubernetes.io/name': 1 } }, outcome: auto-approve }",
          '    - { name: b, match: { labelExpressions: [{ key: k, operator: In }] }, outcome: auto-approve }',
          '    - { name: c, match: { labelExpressions: [{ key: k, operator: Exists, values: [x] }] }, outcome: auto-approve }',
          '    - { name: d, match: { schedule: { timeZone: UTC } }, outcome: auto-approve }',
          "    - { name: e, match: { schedule: { timeZone: UTC, within: [{ days: [Mon-Fry], from: '9:00', to: '18:00' }] } }, outcome: auto-approve }",
          '    - { name: f, match: { requesters: {} }, outcome: auto-approve }',
          '    - { name: g, match: { verbs: [delete, sudo] }, outcome: auto-approve }',
          '',
        ].join('\n'),
      ),
      [
        'spec.rules[0].match.labels["app.kubernetes.io/name"]',
        'spec.rules[1].match.labelExpressions[0].values',
        'spec.rules[2].match.labelExpressions[0].values',
        'spec.rules[3].match.schedule',
        'spec.rules[4].match.schedule.within[0].days[0]',
        'spec.rules[4].match.schedule.within[0].from',
        'spec.rules[5].match.requesters',
        'spec.rules[6].match.verbs[1]',
      ],
    );
  });

  test('grantable roles: a Role cannot be bound cluster-wide; names are unique', () => {
    const text = policyText('    - { name: a, match: {}, outcome: auto-approve }\n')
      .replace('app-debug, kind: Role,', 'app-debug, kind: Role, scopes: [namespace, cluster],')
      .replace('name: edit,', 'name: view,');
    assert.deepEqual(
      issuesOf(text).map((i) => i.path),
      ['spec.grantableRoles[1].name', 'spec.grantableRoles[2].scopes[1]'],
    );
  });

  test('every problem is reported at once, in line order, with its line number', () => {
    const issues = issuesOf(
      policyText(
        [
          '    - name: a',
          '      match: { kinds: [Deploymnt] }',
          '      outcome: deny',
          '    - name: a',
          '      match: { namespaces: [42] }',
          '      outcome: maybe',
          '',
        ].join('\n'),
      ),
    );
    assert.deepEqual(
      issues.map((i) => i.path),
      [
        'spec.rules[0].reason',
        'spec.rules[0].match.kinds[0]',
        'spec.rules[1].name',
        'spec.rules[1].match.namespaces[0]',
        'spec.rules[1].outcome',
      ],
    );
    const ruleStart = policyText('').split('\n').length;
    assert.match(issues[1]!.message, new RegExp(`\\(line ${ruleStart + 1}\\)$`));
    assert.match(issues[3]!.message, new RegExp(`\\(line ${ruleStart + 4}\\)$`));
  });

  test('document-level problems: YAML syntax, apiVersion, kind, no rules', () => {
    const syntax = issuesOf('apiVersion: [unclosed\n');
    assert.equal(syntax[0]!.path, '(document)');
    assert.match(syntax[0]!.message, /line \d+/);
    assert.deepEqual(
      issuesOf('apiVersion: v1\nkind: Policy\nmetadata: { name: x }\nspec: { rules: [] }\n').map(
        (i) => i.path,
      ),
      ['apiVersion', 'kind', 'spec.rules'],
    );
    assert.equal(issuesOf('')[0]!.path, '(document)');
  });
});

describe('loadPolicy normalisation', () => {
  const policy = loadPolicy(
    policyText(
      [
        '    - { name: a, match: { kinds: [deploy, Deployment, po] }, outcome: auto-approve }',
        '    - { name: b, match: { verbs: [restart] }, outcome: require-approval, approval: { approverGroups: [sre, sre], requestTTL: 1h30m } }',
        '    - { name: c, match: { verbs: [delete, access] }, outcome: require-approval, approval: { approverGroups: [sre], channels: { teams: [t] } } }',
        '',
      ].join('\n'),
    ),
    'policies/test.yaml',
  );

  test('kinds become canonical, durations seconds, defaults filled in', () => {
    assert.equal(policy.name, 'test');
    assert.equal(policy.source, 'policies/test.yaml');
    assert.deepEqual(policy.rules[0]!.matchSpec.kinds, ['Deployment', 'Pod']);
    const b = policy.rules[1]!;
    assert.equal(b.outcome, 'require-approval');
    assert.deepEqual(b.outcome === 'require-approval' && b.approval, {
      approverGroups: ['sre'],
      minApprovals: 1,
      channels: { slack: ['#default'], teams: [], web: [] },
      stepUp: false,
      requesterStepUp: false,
      allowBreakGlass: false,
      requestTtlSeconds: 5400,
      executeAs: 'requester',
    });
    const c = policy.rules[2]!;
    assert.deepEqual(c.outcome === 'require-approval' && c.approval.channels, {
      slack: [],
      teams: ['t'],
      web: [],
    });
    assert.deepEqual(policy.grantableRoles.get('view'), {
      name: 'view',
      kind: 'ClusterRole',
      scopes: ['namespace'],
      maxDurationSeconds: 28_800,
    });
    assert.deepEqual(policy.approverGroups.get('security')?.users, ['sec1@example.com', 'sec2@example.com']);
  });

  test('rules are indexed by the verbs and kinds they can match, in policy order', () => {
    const at = (verb: PolicyVerb, kind?: string) =>
      policy.index.candidates({
        verb,
        cluster: 'c',
        origin: 'chat',
        describe: '',
        ...(kind ? { kind } : {}),
      });
    assert.deepEqual(at('restart', 'Deployment'), [0, 1]);
    assert.deepEqual(at('restart', 'Secret'), [1]);
    assert.deepEqual(at('access', 'Pod'), [0, 2]);
    assert.deepEqual(at('access'), [2]);
    assert.deepEqual(at('scale', 'Pod'), [0]);
    assert.deepEqual(at('drain', 'Node'), []);
  });
});
