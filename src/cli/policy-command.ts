import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { PolicyInvalidError, UserFacingError } from '../core/errors.ts';
import type { PolicyInput } from '../core/policy/decision.ts';
import { evaluatePolicy } from '../core/policy/evaluate.ts';
import { loadPolicy } from '../core/policy/load-policy.ts';
import type { Policy } from '../core/policy/policy.ts';
import { findPolicyWarnings, type LintContext } from '../core/policy/policy-warnings.ts';
import { SETTINGS } from '../config/settings.ts';
import { parseCommand } from '../core/requests/parse-command.ts';
import type { ChangeRequest } from '../core/requests/request-types.ts';
import { startTimeOf } from '../core/workflow/start-time.ts';
import { collect, collectPair, parseInstant, requestTextOf } from './explain-input.ts';
import { describeDecision, describePolicy, summarizePolicy } from './policy-output.ts';

/** What the policy commands need from the process, injected so tests can capture it. */
export interface PolicyCommandIo {
  stdout(line: string): void;
  stderr(line: string): void;
  readFile(path: string): Promise<string>;
  setExitCode(code: number): void;
  /** Evaluation time for `explain` when `--at` is not given, ms since the epoch. */
  now(): number;
  /** The environment, for the settings lint weighs the policy against (OIDC_REQUIRED_ACR, OIDC_REQUIRED_AMR). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The real process: stdout, stderr, the file system and the system clock. */
export const processPolicyIo: PolicyCommandIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  readFile: (path) => readFile(path, 'utf8'),
  setExitCode: (code) => {
    process.exitCode = code;
  },
  now: () => Date.now(),
  env: process.env,
};

/** Exit codes: 0 done, 1 the policy file is unreadable or invalid, 2 the request text is bad. */
export const POLICY_EXIT = { ok: 0, badPolicy: 1, badRequest: 2 } as const;

/** The cluster a request resolves to when neither it nor `--cluster` names one. */
const FALLBACK_CLUSTER = 'default';

interface ExplainFlags {
  as: string;
  group?: string[];
  onCall?: string[];
  at?: number;
  cluster?: string;
  label?: Record<string, string>;
  annotation?: Record<string, string>;
  json?: boolean;
}

/** Why a policy file could not be used: unreadable, or each invalid field. */
type PolicyProblem = { readonly error: string } | { readonly problems: { path: string; message: string }[] };

async function readPolicy(
  file: string,
  io: PolicyCommandIo,
  onProblem: (problem: PolicyProblem) => void = (problem) => printProblem(file, problem, io),
): Promise<Policy | undefined> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    onProblem({ error: `cannot read ${file}: ${(error as Error).message}` });
    io.setExitCode(POLICY_EXIT.badPolicy);
    return undefined;
  }
  try {
    return loadPolicy(text, file);
  } catch (error) {
    if (!(error instanceof PolicyInvalidError)) throw error;
    onProblem({ problems: error.issues.map(({ path, message }) => ({ path, message })) });
    io.setExitCode(POLICY_EXIT.badPolicy);
    return undefined;
  }
}

function printProblem(file: string, problem: PolicyProblem, io: PolicyCommandIo): void {
  if ('error' in problem) return io.stderr(problem.error);
  const count = problem.problems.length;
  io.stderr(`${file}: invalid policy, ${count} ${count === 1 ? 'problem' : 'problems'}:`);
  for (const issue of problem.problems) io.stderr(`  ${issue.path}: ${issue.message}`);
}

/** Parses the text as chat's `explain <request>` would, so `--reason` is optional. */
function parseRequest(text: string, io: PolicyCommandIo): ChangeRequest | undefined {
  try {
    const command = parseCommand(/^explain\b/i.test(text) ? text : `explain ${text}`);
    if (command.type === 'explain') return command.request;
    io.stderr(`explain needs an action or access request, not "${command.type}".`);
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    io.stderr(error.toUserText());
  }
  io.setExitCode(POLICY_EXIT.badRequest);
  return undefined;
}

/** The step-up strength the environment sets, read as `serve` reads it. */
function lintContext(env: PolicyCommandIo['env']): LintContext {
  const acr = env.OIDC_REQUIRED_ACR?.trim();
  const amr = SETTINGS.OIDC_REQUIRED_AMR.safeParse(env.OIDC_REQUIRED_AMR?.trim() || undefined);
  return {
    stepUp: { ...(acr ? { requiredAcr: acr } : {}), requiredAmr: amr.success ? amr.data : [] },
  };
}

async function lint(file: string, flags: { json?: boolean }, io: PolicyCommandIo): Promise<void> {
  const context = lintContext(io.env);
  if (flags.json) {
    const policy = await readPolicy(file, io, (problem) =>
      io.stdout(JSON.stringify({ file, valid: false, ...problem }, null, 2)),
    );
    if (!policy) return;
    io.stdout(JSON.stringify({ file, valid: true, ...summarizePolicy(policy, context) }, null, 2));
    return io.setExitCode(POLICY_EXIT.ok);
  }
  const policy = await readPolicy(file, io);
  if (!policy) return;
  io.stdout(`${file}: policy ${policy.name} is valid`);
  describePolicy(policy).forEach((line) => io.stdout(line));
  for (const warning of findPolicyWarnings(policy, context))
    io.stderr(`warning: ${warning.path}: ${warning.message}`);
  io.setExitCode(POLICY_EXIT.ok);
}

async function explain(
  file: string,
  words: string[],
  flags: ExplainFlags,
  io: PolicyCommandIo,
): Promise<void> {
  const policy = await readPolicy(file, io);
  if (!policy) return;
  const text = requestTextOf(words).replace(/^explain\s+/i, '');
  const request = parseRequest(text, io);
  if (!request) return;
  const { label, annotation } = flags;
  const groups = flags.group ?? [];
  const now = flags.at ?? io.now();
  let start: number | undefined;
  try {
    start = startTimeOf(request, now);
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    io.stderr(error.toUserText());
    return io.setExitCode(POLICY_EXIT.badRequest);
  }
  const input: PolicyInput = {
    request,
    cluster: request.cluster ?? flags.cluster ?? FALLBACK_CLUSTER,
    requester: { username: flags.as, groups, onCall: new Set(flags.onCall ?? []) },
    ...(label || annotation ? { target: { labels: label ?? {}, annotations: annotation ?? {} } } : {}),
    at: start ?? now,
  };
  const decision = evaluatePolicy(policy, input);
  if (flags.json) {
    const summary = {
      text,
      cluster: input.cluster,
      requester: { username: flags.as, groups, ...(flags.onCall ? { onCall: flags.onCall } : {}) },
      target: input.target ?? null,
    };
    io.stdout(
      JSON.stringify(
        {
          policy: policy.name,
          request: summary,
          at: new Date(input.at).toISOString(),
          atStart: start !== undefined,
          decision,
        },
        null,
        2,
      ),
    );
  } else {
    io.stdout(`request:           ${text}`);
    io.stdout(
      `as:                ${flags.as}${groups.length > 0 ? ` (groups ${groups.join(', ')})` : ''}${flags.onCall ? ` (on call for ${flags.onCall.join(', ')})` : ''} on cluster ${input.cluster} at ${new Date(input.at).toISOString()}${start === undefined ? '' : " (the request's start time)"}`,
    );
    describeDecision(decision, policy).forEach((line) => io.stdout(line));
  }
  io.setExitCode(POLICY_EXIT.ok);
}

/**
 * Registers `countersign policy lint FILE` and `countersign policy explain FILE --as
 * EMAIL -- <request>`. Both work offline: explain parses the request with the chat
 * grammar and evaluates it at the request's own start time (`--at` / `--in` in the
 * request) or else at `--at` (default now), with the labels given on the line,
 * since no cluster is asked. Output goes through `io` so tests can capture it.
 */
export function registerPolicyCommands(program: Command, io: PolicyCommandIo = processPolicyIo): Command {
  const policy = program
    .command('policy')
    .description('Check an ApprovalPolicy file and try requests against it.');
  const errors = { writeErr: (text: string) => io.stderr(text.replace(/\n$/, '')) };
  policy
    .command('lint')
    .description(
      'Validate a policy: exits 0 with a summary and warnings, or 1 naming the path of every bad field. Step-up rules are weighed against OIDC_REQUIRED_ACR and OIDC_REQUIRED_AMR in the environment.',
    )
    .argument('<file>', 'ApprovalPolicy YAML file')
    .option('--json', 'print the result (summary and warnings, or every problem) as JSON')
    .configureOutput(errors)
    .addHelpText('after', '\nExample:\n  countersign policy lint examples/policy.yaml')
    .action((file: string, flags: { json?: boolean }) => lint(file, flags, io));
  policy
    .command('explain')
    .description('Show what policy decides for a request and who would approve it, without filing it.')
    .argument('<file>', 'ApprovalPolicy YAML file')
    .argument('<request...>', 'the request as typed after /k8s-request, after --')
    .requiredOption('--as <username>', 'the requester: Kubernetes username or email')
    .option('--group <group>', "one of the requester's groups (repeatable)", collect)
    .option(
      '--on-call <schedule>',
      'assume the requester is on call for this schedule, e.g. pagerduty:schedule:P123 or opsgenie:schedule-name:ops (repeatable; offline, nobody is asked)',
      collect,
    )
    .option(
      '--at <time>',
      'evaluate as if filed at this time, read as a request\'s --at: "2026-03-02 21:30 Europe/Berlin" or 2026-03-02T21:30+01:00 (default: now); a request with its own --at or --in is evaluated at its start time',
      parseInstant,
    )
    .option(
      '--cluster <name>',
      `cluster for a request with no --cluster of its own (default: ${FALLBACK_CLUSTER})`,
    )
    .option('--label <key=value>', 'a label of the target object (repeatable)', collectPair)
    .option('--annotation <key=value>', 'an annotation of the target object (repeatable)', collectPair)
    .option('--json', 'print the decision as JSON')
    .configureOutput(errors)
    .addHelpText(
      'after',
      '\nExample:\n  countersign policy explain examples/policy.yaml --as dev@example.com \\\n' +
        '    --label sensitivity=high -- delete pod/web-1 -n prod-payments --reason "stuck"',
    )
    .action((file: string, words: string[], flags: ExplainFlags) => explain(file, words, flags, io));
  return policy;
}
