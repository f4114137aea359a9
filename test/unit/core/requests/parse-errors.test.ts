import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UserFacingError } from '../../../../src/core/errors.ts';
import { COMMAND_PREFIX } from '../../../../src/core/requests/examples.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import { REQUEST_ERROR_CODES, type RequestErrorCode } from '../../../../src/core/requests/request-error.ts';

const ok = '-n prod --reason "why"';
const longJson = `{"a":"${'x'.repeat(17 * 1024)}"}`;

/** One input per error code, and a piece of it the message must name. */
const CASES: readonly { code: RequestErrorCode; input: string; names: string }[] = [
  { code: 'input_too_long', input: `delete pod/x ${ok} ${'y'.repeat(21_000)}`, names: '20480' },
  { code: 'unbalanced_quote', input: 'delete pod/x -n prod --reason "stuck in', names: '"stuck in' },
  { code: 'unknown_verb', input: `dlete pod/x ${ok}`, names: "'dlete'" },
  { code: 'missing_target', input: `restart ${ok}`, names: 'restart' },
  { code: 'missing_kind', input: `delete web-7f9c ${ok}`, names: "'web-7f9c'" },
  { code: 'missing_name', input: `delete pod ${ok}`, names: "'pod'" },
  { code: 'unknown_kind', input: `delete pud/x ${ok}`, names: "'pud'" },
  { code: 'unsupported_kind', input: `scale pod/x --replicas 2 ${ok}`, names: 'pod' },
  { code: 'invalid_name', input: `delete pod/Web ${ok}`, names: "'Web'" },
  { code: 'missing_namespace', input: 'delete pod/web --reason why', names: 'pod/web' },
  { code: 'invalid_namespace', input: 'delete pod/web -n Prod --reason why', names: "'Prod'" },
  {
    code: 'namespace_not_allowed',
    input: 'cordon node/n1 -n kube-system --reason why',
    names: "'kube-system'",
  },
  { code: 'unknown_flag', input: `delete pod/x ${ok} --force`, names: "'--force'" },
  { code: 'flag_not_applicable', input: `delete pod/x ${ok} --replicas 3`, names: "'--replicas'" },
  { code: 'duplicate_flag', input: `delete pod/x ${ok} --namespace other`, names: "'--namespace'" },
  { code: 'missing_value', input: 'delete pod/x -n --reason why', names: "'-n'" },
  {
    code: 'unexpected_value',
    input: `delete pod/x ${ok} --incident INC-1 --break-glass=yes`,
    names: "'--break-glass'",
  },
  { code: 'unexpected_argument', input: `delete pod/x extra ${ok}`, names: "'extra'" },
  { code: 'missing_reason', input: 'delete pod/x -n prod', names: '--reason' },
  { code: 'invalid_reason', input: 'delete pod/x -n prod --reason "a\u0007b"', names: 'U+0007' },
  { code: 'reason_too_long', input: `delete pod/x -n prod --reason "${'r'.repeat(501)}"`, names: '501' },
  { code: 'invalid_incident', input: `delete pod/x ${ok} --incident "INC 4312"`, names: "'INC 4312'" },
  { code: 'invalid_cluster', input: `delete pod/x ${ok} --cluster prod/eu`, names: "'prod/eu'" },
  { code: 'break_glass_needs_incident', input: `delete pod/x ${ok} --break-glass`, names: '--break-glass' },
  { code: 'invalid_start', input: `delete pod/x ${ok} --at "next tuesday"`, names: "'next tuesday'" },
  { code: 'missing_replicas', input: `scale deploy/api ${ok}`, names: '--replicas' },
  { code: 'invalid_replicas', input: `scale deploy/api --replicas 1001 ${ok}`, names: "'1001'" },
  { code: 'missing_patch', input: `patch deploy/api ${ok}`, names: '--patch' },
  { code: 'invalid_patch', input: `patch deploy/api --patch '{spec}' ${ok}`, names: "'{spec}'" },
  {
    code: 'patch_too_large',
    input: `patch deploy/api --patch '${longJson}' ${ok}`,
    names: String(longJson.length),
  },
  { code: 'invalid_revision', input: `rollback deploy/api --to-revision abc ${ok}`, names: "'abc'" },
  { code: 'missing_duration', input: `access role/view ${ok}`, names: '--for' },
  { code: 'bad_duration', input: `access role/view --for 5x ${ok}`, names: "'5x'" },
  { code: 'missing_resources', input: `access get --for 1h ${ok}`, names: "'get'" },
  { code: 'missing_verbs', input: `access pods --for 1h ${ok}`, names: "'pods'" },
  { code: 'unknown_access_verb', input: `access fetch pods --for 1h ${ok}`, names: "'fetch'" },
  { code: 'forbidden_verb', input: `access get,escalate roles --for 1h ${ok}`, names: "'escalate'" },
  { code: 'unknown_resource', input: `access get widgets --for 1h ${ok}`, names: "'widgets'" },
  { code: 'cluster_scoped_resource', input: `access get nodes --for 1h ${ok}`, names: "'nodes'" },
  { code: 'invalid_access_rule', input: `access create secret/db --for 1h ${ok}`, names: "'secret/db'" },
  { code: 'missing_request_id', input: 'cancel', names: 'cancel' },
  { code: 'invalid_request_id', input: 'cancel 1234', names: "'1234'" },
  { code: 'unknown_help_topic', input: 'help frobnicate', names: "'frobnicate'" },
  { code: 'missing_request', input: 'explain', names: 'request to explain' },
  { code: 'not_a_change_request', input: 'explain status', names: "'status'" },
];

function errorOf(input: string): UserFacingError {
  try {
    parseCommand(input);
  } catch (error) {
    assert.ok(error instanceof UserFacingError, `expected a UserFacingError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(input.slice(0, 80))} to be refused`);
}

describe('parseCommand errors', () => {
  for (const { code, input, names } of CASES) {
    test(`${code}: names the bad input and gives a correct example`, () => {
      const error = errorOf(input);
      assert.equal(error.code, code, error.message);
      assert.ok(
        error.message.includes(names),
        `message ${JSON.stringify(error.message)} should name ${names}`,
      );
      assert.ok(error.example?.startsWith(`${COMMAND_PREFIX} `), 'the example is a typed command');
      assert.doesNotThrow(() => parseCommand(error.example!.slice(COMMAND_PREFIX.length + 1)));
    });
  }

  test('every error code has a case above', () => {
    const covered = new Set(CASES.map((c) => c.code));
    assert.deepEqual(
      REQUEST_ERROR_CODES.filter((c) => !covered.has(c)),
      [],
    );
  });

  test('delete refuses nodes and namespaces, pointing elsewhere', () => {
    const node = errorOf('delete node/ip-10-0-1-12 --reason why');
    assert.equal(node.code, 'unsupported_kind');
    assert.match(node.message, /drain node/);
    const namespace = errorOf('delete ns/prod --reason why');
    assert.equal(namespace.code, 'unsupported_kind');
    assert.match(namespace.message, /namespaces/);
  });

  test('access never grants the escalation verbs, each with its own reason', () => {
    for (const verb of ['*', 'escalate', 'bind', 'impersonate']) {
      const error = errorOf(`access get,${verb} pods --for 1h ${ok}`);
      assert.equal(error.code, 'forbidden_verb');
      assert.ok(error.message.includes(`'${verb}'`), error.message);
    }
  });

  test('a missing namespace says there is no default', () => {
    assert.match(errorOf('scale deploy/api --replicas 2 --reason why').message, /no default namespace/);
    assert.equal(errorOf('access get pods --for 1h --reason why').code, 'missing_namespace');
  });

  test('clusterrole grants refuse -n; node verbs refuse -n', () => {
    assert.equal(errorOf(`access clusterrole/view --for 1h ${ok}`).code, 'namespace_not_allowed');
    assert.equal(errorOf(`drain node/n1 ${ok}`).code, 'namespace_not_allowed');
  });

  test('unknown words get a close suggestion when there is one', () => {
    assert.match(errorOf(`delete pod/x ${ok} --reasn x`).message, /Did you mean '--reason'\?/);
    assert.match(errorOf(`delete deplyment/x ${ok}`).message, /Did you mean 'deployment'\?/);
    assert.match(errorOf('lsit').message, /Did you mean 'list'\?/);
  });

  test('kubectl habits are answered with the Countersign way', () => {
    assert.match(errorOf('get pods -n prod').message, /access/);
    assert.match(errorOf('kubectl delete pod/x').message, /Drop 'kubectl'/);
    assert.match(errorOf('rollout restart deploy/api').message, /restart or rollback/);
    assert.match(errorOf('-n prod delete pod/x').message, /not the flag '-n'/);
  });

  test('durations: zero, negative, unitless, over 30 days are refused with bad_duration', () => {
    for (const bad of ['0m', '-5m', '30', '31d', '1.5h', 'h', '1m1h']) {
      const error = errorOf(`extend cs-k7m2q4x5ba --for ${bad}`);
      assert.equal(error.code, 'bad_duration', bad);
      assert.ok(error.message.includes(`'${bad}'`), error.message);
    }
  });

  test('replicas outside 0..1000 or not whole numbers are refused', () => {
    for (const bad of ['-1', '1.5', 'five', '+3', '99999']) {
      assert.equal(errorOf(`scale deploy/api --replicas ${bad} ${ok}`).code, 'invalid_replicas', bad);
    }
  });

  test('a patch must be a non-empty JSON object', () => {
    for (const bad of ["'[1,2]'", "'null'", '\'"x"\'', "'{}'", '\'{"a":\'']) {
      assert.equal(errorOf(`patch deploy/api --patch ${bad} ${ok}`).code, 'invalid_patch', bad);
    }
  });

  test('reasons hiding text with direction or zero-width characters are refused', () => {
    assert.equal(errorOf('delete pod/x -n prod --reason "ok\u202egnp.exe"').code, 'invalid_reason');
    assert.equal(errorOf('delete pod/x -n prod --reason "a\u200bb"').code, 'invalid_reason');
    assert.equal(errorOf('delete pod/x -n prod --reason "   "').code, 'missing_reason');
  });

  test('a word left over after a flag value suggests quoting that value', () => {
    const error = errorOf('delete pod/x -n prod --reason stuck in Terminating');
    assert.equal(error.code, 'unexpected_argument');
    assert.match(error.message, /'in'.*--reason.*quotes/);
    assert.match(errorOf('scale deploy/api 5 -n prod --reason r').message, /--replicas 5/);
  });

  test('housekeeping commands take no change flags and no extra words', () => {
    assert.equal(errorOf('list --reason x').code, 'flag_not_applicable');
    assert.equal(errorOf('whoami now').code, 'unexpected_argument');
    assert.equal(errorOf('status cs-k7m2q4x5ba cs-k7m2q4x5bb').code, 'unexpected_argument');
    assert.equal(errorOf('extend cs-k7m2q4x5ba').code, 'missing_duration');
  });
});
