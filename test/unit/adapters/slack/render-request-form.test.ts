import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  readSlackForm,
  renderRequestForm,
  type RequestFormOptions,
} from '../../../../src/adapters/slack/render/render-request-form.ts';
import { formToCommandText, quoteWord } from '../../../../src/core/conversation/request-form.ts';
import type { SlackBlock } from '../../../../src/adapters/slack/render/block-kit.ts';
import type { ViewStateValues } from '../../../../src/adapters/slack/render/modal-view.ts';
import { MAX_REASON_CHARS } from '../../../../src/core/requests/common-flags.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import { tokenize } from '../../../../src/core/requests/tokenize.ts';
import { assertGolden } from '../../../harness/golden.ts';
import { assertViewAccepted } from './slack-assertions.ts';

const options: RequestFormOptions = {
  clusters: ['prod', 'staging'],
  defaultCluster: 'prod',
  namespaces: ['prod-payments', 'prod-web'],
  grantableRoles: [
    { name: 'view', scopes: ['namespace'] },
    { name: 'cluster-reader', scopes: ['cluster'] },
    { name: 'edit', scopes: ['namespace', 'cluster'] },
  ],
  privateMetadata: 'C0COMMAND',
};

type Field =
  | 'kind'
  | 'cluster'
  | 'verb'
  | 'target'
  | 'namespace'
  | 'replicas'
  | 'patch'
  | 'role'
  | 'duration'
  | 'reason'
  | 'incident';
const SELECTS = new Set<Field>(['kind', 'cluster', 'verb', 'namespace', 'role', 'duration']);

/** Submitted view state as Slack sends it, from field values. */
function submitted(fields: Partial<Record<Field, string>>): ViewStateValues {
  const values: ViewStateValues = {};
  for (const [field, value] of Object.entries(fields) as [Field, string][]) {
    const actionId = field === 'kind' ? 'countersign:form-kind' : field;
    values[field] = {
      [actionId]: SELECTS.has(field)
        ? { type: 'static_select', selected_option: { value } }
        : { type: 'plain_text_input', value },
    };
  }
  return values;
}

describe('renderRequestForm', () => {
  test('the action and access variants match their golden files and Slack limits', () => {
    const action = renderRequestForm(options);
    assertGolden('slack/request-form-action', action);
    assertViewAccepted(action, 'modal');
    const access = renderRequestForm({ ...options, kind: 'access' });
    assertGolden('slack/request-form-access', access);
    assertViewAccepted(access, 'modal');
    assert.equal(access.callback_id, 'countersign:form');
    assert.equal(access.private_metadata, 'C0COMMAND');
  });

  test('long lists are cut to 100 options; empty lists become text inputs', () => {
    const many = renderRequestForm({
      ...options,
      namespaces: Array.from({ length: 250 }, (_, i) => `ns-${i}`),
    });
    assertViewAccepted(many, 'modal');
    const none = renderRequestForm({ clusters: [], namespaces: [], grantableRoles: [], kind: 'access' });
    assertViewAccepted(none, 'modal');
    const namespace = (none.blocks as SlackBlock[]).find((b) => b.block_id === 'namespace');
    assert.ok(namespace?.type === 'input' && namespace.element.type === 'plain_text_input');
  });
});

/** A submitted Slack form as the command text the core reads. */
const formValuesToCommandText = (values: ViewStateValues): string => formToCommandText(readSlackForm(values));

describe('formValuesToCommandText', () => {
  test('an action form becomes the command a person would type', () => {
    const text = formValuesToCommandText(
      submitted({
        kind: 'action',
        cluster: 'prod',
        verb: 'scale',
        target: 'deployment/api',
        namespace: 'prod-payments',
        replicas: '5',
        reason: 'INC-4312 load',
        incident: 'INC-4312',
      }),
    );
    assert.equal(
      text,
      'scale deployment/api -n prod-payments --replicas 5 --cluster prod --incident INC-4312 --reason "INC-4312 load"',
    );
    const parsed = parseCommand(text);
    assert.ok(parsed.type === 'action' && parsed.verb === 'scale');
    assert.equal(parsed.replicas, 5);
    assert.equal(parsed.target.namespace, 'prod-payments');
  });

  test('fields that cannot apply are left out: namespace for a node, replicas for delete, -n for a cluster role', () => {
    const drain = formValuesToCommandText(
      submitted({
        verb: 'drain',
        target: 'node/ip-10-0-1-12',
        namespace: 'prod-web',
        replicas: '3',
        reason: 'kernel',
      }),
    );
    assert.equal(drain, 'drain node/ip-10-0-1-12 --reason kernel');
    assert.equal(parseCommand(drain).type, 'action');
    const cluster = formValuesToCommandText(
      submitted({
        kind: 'access',
        role: 'clusterrole/cluster-reader',
        namespace: 'prod-web',
        duration: '2h',
        reason: 'audit',
      }),
    );
    assert.equal(cluster, 'access clusterrole/cluster-reader --for 2h --reason audit');
    const role = formValuesToCommandText(
      submitted({
        kind: 'access',
        role: 'role/view',
        namespace: 'prod-web',
        duration: '1h',
        reason: 'debug',
      }),
    );
    const parsed = parseCommand(role);
    assert.ok(parsed.type === 'access');
    assert.equal(parsed.namespace, 'prod-web');
    assert.equal(parsed.durationSeconds, 3600);
  });

  test('a JSON patch survives quoting', () => {
    const patch = '{"spec":{"template":{"metadata":{"annotations":{"a":"b \\" c"}}}}}';
    const text = formValuesToCommandText(
      submitted({ verb: 'patch', target: 'deployment/api', namespace: 'prod', patch, reason: 'hold' }),
    );
    const parsed = parseCommand(text);
    assert.ok(parsed.type === 'action' && parsed.verb === 'patch');
    assert.deepEqual(parsed.patch, JSON.parse(patch));
  });

  test('typed flags inside a field stay text; a missing field is named by the parser', () => {
    const text = formValuesToCommandText(
      submitted({
        verb: 'delete',
        target: 'pod/web',
        namespace: 'prod',
        reason: 'x --break-glass --cluster evil',
      }),
    );
    const parsed = parseCommand(text);
    assert.ok(parsed.type === 'action');
    assert.equal(parsed.breakGlass, false);
    assert.equal(parsed.cluster, undefined);
    assert.equal(parsed.reason, 'x --break-glass --cluster evil');
    assert.throws(
      () =>
        parseCommand(
          formValuesToCommandText(submitted({ verb: 'delete', target: 'pod/web', namespace: 'prod' })),
        ),
      {
        code: 'missing_reason',
      },
    );
    assert.throws(
      () =>
        parseCommand(
          formValuesToCommandText(
            submitted({ kind: 'access', namespace: 'prod', duration: '1h', reason: 'r' }),
          ),
        ),
      {
        code: 'missing_target',
      },
    );
  });

  test('any reason round-trips through the form and the parser', () => {
    const reason = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: MAX_REASON_CHARS })
      .map((s) => s.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ''))
      .filter((s) => s.trim() !== '' && [...s.replace(/\s+/g, ' ').trim()].length <= MAX_REASON_CHARS);
    fc.assert(
      fc.property(reason, (typed) => {
        const text = formValuesToCommandText(
          submitted({ verb: 'restart', target: 'deployment/api', namespace: 'prod', reason: typed }),
        );
        const parsed = parseCommand(text);
        assert.ok(parsed.type === 'action');
        assert.equal(parsed.reason, typed.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 300 },
    );
  });

  test('quoteWord yields exactly one non-flag token for any value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (value) => {
        const tokens = tokenize(`x ${quoteWord(value)}`);
        assert.equal(tokens.length, 2);
        assert.equal(tokens[1]?.value, value);
        assert.ok(!tokens[1]?.bare || !value.startsWith('-'));
      }),
      { numRuns: 500 },
    );
  });
});
