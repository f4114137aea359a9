import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { registerPolicyCommands, type PolicyCommandIo } from '../../../src/cli/policy-command.ts';
import { requestTextOf } from '../../../src/cli/explain-input.ts';
import { COUNTERSIGN_FROM_SOURCE } from '../../harness/countersign-cli.ts';

const EXAMPLE = 'examples/policy.yaml';
const MONDAY_10_BERLIN = '2026-03-02T10:00:00+01:00';

interface Run {
  code: number | undefined;
  out: string;
  err: string;
}

const INVALID = `apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: broken }
spec:
  rules:
    - { name: a, match: { namespaces: [42] }, outcome: deny }
    - { name: a, match: {}, outcome: require-approval, approval: { approverGroups: [ghosts] } }
`;

const WARNS = `apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: warns }
spec:
  rules:
    - { name: everything, match: {}, outcome: deny, reason: closed }
`;

const HANDLES = `apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: handles }
spec:
  defaults: { channels: { slack: ['#approvals'] } }
  approverGroups:
    by-handle: { slackUserGroup: '@sre-leads' }
    by-id: { slackUserGroup: S0SRELEADS }
  rules:
    - { name: prod, match: { namespaces: [prod] }, outcome: require-approval, approval: { approverGroups: [by-handle, by-id], stepUp: true } }
    - { name: stage, match: { namespaces: [stage] }, outcome: require-approval, approval: { approverGroups: [by-id], requesterStepUp: true } }
`;

/** The step-up strength the tests' Countersign requires, unless a test says otherwise. */
const MFA = { OIDC_REQUIRED_AMR: 'mfa' };

async function run(args: string[], env: Record<string, string> = MFA): Promise<Run> {
  const result: Run = { code: undefined, out: '', err: '' };
  const files: Record<string, string> = {
    'invalid.yaml': INVALID,
    'warns.yaml': WARNS,
    'handles.yaml': HANDLES,
  };
  const io: PolicyCommandIo = {
    stdout: (line) => void (result.out += `${line}\n`),
    stderr: (line) => void (result.err += `${line}\n`),
    readFile: async (path) => files[path] ?? readFile(path, 'utf8'),
    setExitCode: (code) => void (result.code = code),
    now: () => Date.parse(MONDAY_10_BERLIN),
    env,
  };
  const program = new Command('countersign').exitOverride();
  registerPolicyCommands(program, io);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    result.code = (error as { exitCode?: number }).exitCode ?? -1;
  }
  return result;
}

const explain = (...rest: string[]) =>
  run(['policy', 'explain', EXAMPLE, '--as', 'dev@example.com', ...rest]);
const DELETE = ['delete', 'pod/web-1', '-n', 'prod-payments', '--reason', 'stuck in Terminating'];

describe('countersign policy lint', () => {
  test('a valid policy: exit 0 and a summary', async () => {
    const { code, out, err } = await run(['policy', 'lint', EXAMPLE]);
    assert.equal(code, 0);
    assert.match(out, /examples\/policy\.yaml: policy example-policy is valid/);
    assert.match(out, /rules:\s+17 \(3 deny, 2 auto-approve, 12 require-approval\)/);
    assert.match(out, /approver groups:\s+sre-leads, security, sre-oncall, sre-primary, ops-primary/);
    assert.match(
      out,
      /on call:\s+sre-primary = whoever is on call for PagerDuty schedule PSRE001, resolved at each click/,
    );
    assert.match(out, /grantable roles:\s+view \(ClusterRole, namespace, up to 8h\), edit/);
    assert.equal(err, '');
  });

  test('an invalid policy: exit 1 naming every bad path', async () => {
    const { code, out, err } = await run(['policy', 'lint', 'invalid.yaml']);
    assert.equal(code, 1);
    assert.equal(out, '');
    assert.match(err, /^invalid\.yaml: invalid policy, 4 problems:/);
    for (const path of [
      'spec.rules[0].reason',
      'spec.rules[0].match.namespaces[0]',
      'spec.rules[1].name',
      'spec.rules[1].approval.approverGroups[0]',
    ]) {
      assert.ok(err.includes(`  ${path}: `), `${path} in\n${err}`);
    }
  });

  test('warnings are printed but do not fail', async () => {
    const { code, err } = await run(['policy', 'lint', 'warns.yaml']);
    assert.equal(code, 0);
    assert.match(err, /^warning: spec\.rules\[0\]: rule everything matches every request/);
  });

  test('a Slack user group named by handle is a warning naming its path; an S… ID is not', async () => {
    const { code, err } = await run(['policy', 'lint', 'handles.yaml']);
    assert.equal(code, 0);
    assert.equal(
      err,
      'warning: spec.approverGroups.by-handle.slackUserGroup: approver group by-handle names Slack user group "@sre-leads" by handle: anyone allowed to manage user groups can delete it and create one with that handle and other members. Name it by ID (S…, from usergroups.list or the group\'s link)\n',
    );
  });

  test('step-up rules with neither OIDC_REQUIRED_ACR nor OIDC_REQUIRED_AMR set are a warning', async () => {
    const unset = await run(['policy', 'lint', 'handles.yaml'], {});
    assert.equal(unset.code, 0);
    assert.match(
      unset.err,
      /^warning: spec\.rules: rules prod, stage ask for step-up, but neither OIDC_REQUIRED_ACR nor OIDC_REQUIRED_AMR is set, so any fresh sign-in counts, even with a password alone/m,
    );
    const blank = await run(['policy', 'lint', 'handles.yaml'], { OIDC_REQUIRED_AMR: ' , ' });
    assert.match(blank.err, /^warning: spec\.rules: rules prod, stage ask for step-up/m);
    const strong: Record<string, string>[] = [{ OIDC_REQUIRED_ACR: 'phr' }, { OIDC_REQUIRED_AMR: 'mfa,hwk' }];
    for (const env of strong) {
      const { err } = await run(['policy', 'lint', 'handles.yaml'], env);
      assert.doesNotMatch(err, /step-up/, JSON.stringify(env));
    }
    const json = JSON.parse((await run(['policy', 'lint', '--json', EXAMPLE], {})).out) as {
      warnings: { path: string; message: string }[];
    };
    assert.deepEqual(
      json.warnings.map((w) => w.path),
      ['spec.rules'],
    );
    assert.match(json.warnings[0]!.message, /^rules prod-destructive, .* ask for step-up/);
  });

  test('an unreadable file: exit 1', async () => {
    const { code, err } = await run(['policy', 'lint', 'no/such/file.yaml']);
    assert.equal(code, 1);
    assert.match(err, /cannot read no\/such\/file\.yaml/);
  });

  test('--json: the summary and warnings of a valid policy as one object, exit 0', async () => {
    const valid = await run(['policy', 'lint', '--json', EXAMPLE]);
    assert.equal(valid.code, 0);
    assert.equal(valid.err, '');
    const summary = JSON.parse(valid.out) as Record<string, unknown>;
    assert.deepEqual(
      { ...summary, grantableRoles: (summary.grantableRoles as unknown[]).slice(0, 1) },
      {
        file: EXAMPLE,
        valid: true,
        policy: 'example-policy',
        rules: { total: 17, deny: 3, autoApprove: 2, requireApproval: 12 },
        approverGroups: ['sre-leads', 'security', 'sre-oncall', 'sre-primary', 'ops-primary'],
        grantableRoles: [
          { name: 'view', kind: 'ClusterRole', scopes: ['namespace'], maxDurationSeconds: 28_800 },
        ],
        warnings: [],
      },
    );
    const warns = JSON.parse((await run(['policy', 'lint', '--json', 'warns.yaml'])).out) as {
      warnings: { path: string }[];
    };
    assert.deepEqual(
      warns.warnings.map((w) => w.path),
      ['spec.rules[0]'],
    );
  });

  test('--json: every problem of an invalid or unreadable file on stdout, exit 1', async () => {
    const invalid = await run(['policy', 'lint', '--json', 'invalid.yaml']);
    assert.equal(invalid.code, 1);
    const body = JSON.parse(invalid.out) as { valid: boolean; problems: { path: string }[] };
    assert.equal(body.valid, false);
    assert.ok(body.problems.some((p) => p.path === 'spec.rules[1].approval.approverGroups[0]'));
    assert.equal(body.problems.length, 4);
    const missing = await run(['policy', 'lint', '--json', 'no/such/file.yaml']);
    assert.equal(missing.code, 1);
    assert.match((JSON.parse(missing.out) as { error: string }).error, /^cannot read no\/such\/file\.yaml/);
  });
});

describe('countersign policy explain', () => {
  test('prints the decision and everything an approver card would show', async () => {
    const { code, out } = await explain('--at', MONDAY_10_BERLIN, '--', ...DELETE);
    assert.equal(code, 0);
    assert.match(out, /request:\s+delete pod\/web-1 -n prod-payments --reason 'stuck in Terminating'/);
    assert.match(out, /decision:\s+require-approval/);
    assert.match(out, /matched rules:\s+prod-destructive\n/);
    assert.match(out, /approver groups:\s+sre-leads/);
    assert.match(out, /approvals needed:\s+2/);
    assert.match(out, /channels:\s+slack #prod-approvals; teams 19:prod-approvals@thread.tacv2/);
    assert.match(out, /step-up:\s+approvers re-authenticate/);
    assert.match(out, /request TTL:\s+30m/);
    assert.match(
      out,
      /escalation:\s+1\. after 10m: sre-oncall \(rule prod-destructive; slack #sre-oncall; teams 19:sre-oncall@thread\.tacv2\)\n\s+2\. after 20m: security \(rule prod-destructive; slack #prod-approvals; teams 19:prod-approvals@thread\.tacv2\)\n/,
    );
    assert.match(out, /remind approvers:\s+every 10m/);
    assert.match(out, /max duration:\s+-/);
    assert.match(out, /execute as:\s+requester/);
  });

  test('--json, --label, --group, --at and --cluster reach the evaluation', async () => {
    const { code, out } = await explain(
      '--json',
      '--at',
      '2026-03-02T20:00:00+01:00',
      '--label',
      'sensitivity=high',
      '--group',
      'oncall',
      '--cluster',
      'prod-eu-1',
      '--',
      ...DELETE,
    );
    assert.equal(code, 0);
    const parsed = JSON.parse(out) as {
      request: { cluster: string; requester: { groups: string[] }; text: string };
      at: string;
      decision: { outcome: string; approvalsNeeded: number; matchedRules: string[] };
    };
    assert.equal(parsed.request.cluster, 'prod-eu-1');
    assert.deepEqual(parsed.request.requester.groups, ['oncall']);
    assert.equal(parsed.at, '2026-03-02T19:00:00.000Z');
    assert.equal(parsed.decision.outcome, 'require-approval');
    assert.equal(parsed.decision.approvalsNeeded, 3);
    assert.deepEqual(parsed.decision.matchedRules, [
      'prod-destructive',
      'prod-destructive-out-of-hours',
      'sensitive-objects',
    ]);
  });

  test('a deny shows its reason; the default time is the injected now', async () => {
    const { code, out } = await explain(
      '--group',
      'contractors',
      '--',
      'access',
      'role/view',
      '-n',
      'prod-x',
      '--for',
      '1h',
      '--reason',
      'x',
    );
    assert.equal(code, 0);
    assert.match(out, /decision:\s+deny/);
    assert.match(out, /reason:\s+denied by rule no-prod-access-for-contractors/);
    assert.match(out, /at 2026-03-02T09:00:00.000Z/);
  });

  test('a bad request prints the grammar message with an example and exits 2', async () => {
    const { code, out, err } = await explain('--', 'delete', 'pod/web-1', '--reason', 'x');
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, /pod\/web-1 is namespaced: add -n NAMESPACE/);
    assert.match(err, /Example: /);
  });

  test('--reason is optional, as for explain in chat; a leading explain is accepted', async () => {
    const plain = await explain(
      '--at',
      MONDAY_10_BERLIN,
      '--',
      'restart',
      'deployment/api',
      '-n',
      'prod-payments',
    );
    assert.equal(plain.code, 0);
    assert.match(plain.out, /request:\s+restart deployment\/api -n prod-payments\n/);
    assert.match(plain.out, /matched rules:\s+prod-restart\n/);
    const prefixed = await explain('--', 'explain', 'restart', 'deployment/api', '-n', 'prod-payments');
    assert.equal(prefixed.code, 0);
    assert.match(prefixed.out, /request:\s+restart deployment/);
  });

  test('a housekeeping command is not something to explain: exit 2', async () => {
    const { code, err } = await explain('--', 'status');
    assert.equal(code, 2);
    assert.match(err, /only actions and access requests can be explained/);
  });

  test('an invalid policy is reported before the request is read: exit 1', async () => {
    const { code, err } = await run(['policy', 'explain', 'invalid.yaml', '--as', 'a@b.c', '--', ...DELETE]);
    assert.equal(code, 1);
    assert.match(err, /invalid policy/);
  });

  test('bad --label and --at values are refused', async () => {
    const label = await explain('--label', 'nonsense', '--', ...DELETE);
    assert.equal(label.code, 1);
    assert.match(label.err, /expected key=value/);
    const at = await explain('--at', '2026-03-02 10:00', '--', ...DELETE);
    assert.equal(at.code, 1);
    assert.match(at.err, /is not a time: use "2026-12-06 02:00 Europe\/Berlin"/);
    const zone = await explain('--at', '2026-03-02 10:00 Mars/Olympus', '--', ...DELETE);
    assert.equal(zone.code, 1);
    assert.match(zone.err, /Unknown time zone 'Mars\/Olympus'/);
  });

  test("--at takes a wall-clock time in a named zone, as a request's --at does", async () => {
    const { code, out } = await explain('--json', '--at', '2026-03-02 20:00 Europe/Berlin', '--', ...DELETE);
    assert.equal(code, 0);
    const parsed = JSON.parse(out) as { at: string; atStart: boolean; decision: { matchedRules: string[] } };
    assert.equal(parsed.at, '2026-03-02T19:00:00.000Z');
    assert.equal(parsed.atStart, false);
    assert.deepEqual(parsed.decision.matchedRules, ['prod-destructive', 'prod-destructive-out-of-hours']);
  });

  test("a request's own --at or --in is where policy windows are judged, not now", async () => {
    const late = await explain(
      '--at',
      MONDAY_10_BERLIN,
      '--',
      ...DELETE,
      '--at',
      '2026-03-02 20:00 Europe/Berlin',
    );
    assert.equal(late.code, 0, late.err);
    assert.match(late.out, /at 2026-03-02T19:00:00.000Z \(the request's start time\)/);
    assert.match(late.out, /matched rules:\s+prod-destructive, prod-destructive-out-of-hours\n/);
    const later = await explain('--at', MONDAY_10_BERLIN, '--', ...DELETE, '--in', '10h');
    assert.equal(later.code, 0, later.err);
    assert.match(later.out, /at 2026-03-02T19:00:00.000Z \(the request's start time\)/);
    assert.match(later.out, /matched rules:\s+prod-destructive, prod-destructive-out-of-hours\n/);
    const now = await explain('--at', MONDAY_10_BERLIN, '--', ...DELETE);
    assert.match(now.out, /matched rules:\s+prod-destructive\n/);
  });

  test('a request starting before the time it is explained at is refused as filing would: exit 2', async () => {
    const { code, out, err } = await explain('--', ...DELETE, '--at', '2026-03-02 09:00 Europe/Berlin');
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, /The start time 2026-03-02 08:00 UTC has already passed/);
  });
});

describe('requestTextOf', () => {
  test('re-quotes words the shell unquoted and drops a leading /k8s-request', () => {
    assert.equal(
      requestTextOf(['delete', 'pod/a', '--reason', 'two words']),
      "delete pod/a --reason 'two words'",
    );
    assert.equal(
      requestTextOf(['patch', '--reason', "it's", '--patch', '{"a":1}']),
      `patch --reason "it's" --patch '{"a":1}'`,
    );
    assert.equal(requestTextOf(['/k8s-request delete pod/a --reason "x y"']), 'delete pod/a --reason "x y"');
    assert.equal(requestTextOf(['--reason', '']), "--reason ''");
  });
});

describe('as a real process', () => {
  const exec = promisify(execFile);
  const cli = (...args: string[]) => exec(process.execPath, [...COUNTERSIGN_FROM_SOURCE, ...args]);

  test('policy lint weighs step-up rules against the process environment and warns about handles', async () => {
    const env = { ...process.env };
    delete env.OIDC_REQUIRED_ACR;
    delete env.OIDC_REQUIRED_AMR;
    const dir = await mkdtemp(join(tmpdir(), 'countersign-lint-'));
    const file = join(dir, 'handles.yaml');
    await writeFile(file, HANDLES);
    const lint = (extra: Record<string, string>) =>
      exec(process.execPath, [...COUNTERSIGN_FROM_SOURCE, 'policy', 'lint', file], {
        env: { ...env, ...extra },
      });
    try {
      const weak = await lint({});
      assert.match(weak.stdout, /policy handles is valid/);
      assert.match(weak.stderr, /^warning: spec\.approverGroups\.by-handle\.slackUserGroup: /m);
      assert.match(weak.stderr, /^warning: spec\.rules: rules prod, stage ask for step-up/m);
      const strong = await lint({ OIDC_REQUIRED_AMR: 'mfa' });
      assert.doesNotMatch(strong.stderr, /step-up/);
      assert.match(strong.stderr, /by-handle\.slackUserGroup/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('policy explain prints require-approval for a prod delete', async () => {
    const { stdout } = await cli(
      'policy',
      'explain',
      EXAMPLE,
      '--as',
      'dev@example.com',
      '--',
      'delete',
      'pod/web-1',
      '-n',
      'prod-payments',
      '--reason',
      'test',
    );
    assert.match(stdout, /decision:\s+require-approval/);
    assert.match(stdout, /approver groups:\s+sre-leads/);
  });

  test('a bad request exits 2 with the grammar message on stderr', async () => {
    await assert.rejects(
      cli('policy', 'explain', EXAMPLE, '--as', 'dev@example.com', '--', 'delete', 'pod/web-1'),
      (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 2);
        assert.match(error.stderr, /Example: /);
        return true;
      },
    );
  });
});
