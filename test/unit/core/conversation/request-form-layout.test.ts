import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formToCommandText,
  parseFormRequest,
  REQUEST_FORM_FIELDS,
  type RequestForm,
} from '../../../../src/core/conversation/request-form.ts';
import {
  requestFormLayout,
  requestFormSections,
  type FormFieldLayout,
  type RequestFormKind,
} from '../../../../src/core/conversation/request-form-layout.ts';
import type { RequestFormChoices } from '../../../../src/core/conversation/request-form-choices.ts';
import {
  CARD_ACTION_FIELDS,
  EXTEND_DURATIONS,
} from '../../../../src/core/conversation/card-action-fields.ts';
import { MAX_REASON_CHARS } from '../../../../src/core/requests/common-flags.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';

const CHOICES: RequestFormChoices = {
  clusters: ['prod', 'staging'],
  defaultCluster: 'prod',
  namespaces: ['prod-payments', 'prod-web'],
  grantableRoles: [
    { name: 'view', scopes: ['namespace'] },
    { name: 'edit', scopes: ['namespace', 'cluster'] },
  ],
};

const ids = (fields: readonly FormFieldLayout[]): string[] => fields.map((f) => f.id);
const byId = (fields: readonly FormFieldLayout[], id: string): FormFieldLayout => {
  const field = fields.find((f) => f.id === id);
  assert.ok(field, `no field ${id}`);
  return field;
};

/** Fills what a layout requires, and the namespace (which a namespaced target needs), the way a person would: the initial value, else the first choice, else the example. */
function filled(fields: readonly FormFieldLayout[]): RequestForm {
  return Object.fromEntries(
    fields
      .filter((f) => f.required || f.id === 'namespace')
      .map((f) => [f.id, f.initial ?? f.choices?.[0]?.value ?? f.placeholder ?? 'typed']),
  );
}

void describe('requestFormLayout', () => {
  void test('each kind of request gets its own fields, in one order for every surface', () => {
    assert.deepEqual(ids(requestFormLayout(CHOICES, { kind: 'action' })), [
      'kind',
      'cluster',
      'verb',
      'target',
      'namespace',
      'replicas',
      'patch',
      'reason',
      'incident',
    ]);
    assert.deepEqual(ids(requestFormLayout(CHOICES, { kind: 'access' })), [
      'kind',
      'cluster',
      'role',
      'namespace',
      'duration',
      'reason',
      'incident',
    ]);
    const all = requestFormLayout(CHOICES);
    assert.deepEqual(
      [...ids(all)].sort(),
      [...REQUEST_FORM_FIELDS].sort(),
      'every field the form reads is laid out once',
    );
  });

  void test('required fields are the ones the grammar needs for that kind', () => {
    const required = (kind: RequestFormKind): string[] =>
      ids(requestFormLayout(CHOICES, { kind }).filter((f) => f.required));
    assert.deepEqual(required('action'), ['kind', 'cluster', 'verb', 'target', 'reason']);
    assert.deepEqual(required('access'), ['kind', 'cluster', 'role', 'duration', 'reason']);
  });

  void test('a form filled with what each layout requires, and a namespace, files that kind of request', () => {
    for (const kind of ['action', 'access'] as const) {
      const form = filled(requestFormLayout(CHOICES, { kind }));
      assert.equal(form.kind, kind);
      const request = parseFormRequest(formToCommandText(form));
      assert.equal(request.type, kind);
      assert.equal(request.cluster, 'prod');
    }
  });

  void test('choices come from the clusters and policy; defaults and submitted values are shown first', () => {
    const fresh = requestFormLayout(CHOICES);
    assert.equal(byId(fresh, 'kind').initial, 'action');
    assert.equal(byId(fresh, 'cluster').initial, 'prod');
    assert.equal(byId(fresh, 'duration').initial, '1h');
    assert.equal(byId(fresh, 'reason').initial, undefined);
    assert.deepEqual(
      byId(fresh, 'role').choices?.map((c) => c.value),
      ['role/view', 'role/edit', 'clusterrole/edit'],
    );
    assert.deepEqual(
      byId(fresh, 'namespace').choices?.map((c) => c.value),
      ['prod-payments', 'prod-web'],
    );
    assert.equal(byId(fresh, 'namespace').suggestions, true);
    const again = requestFormLayout(CHOICES, {
      values: { kind: 'access', cluster: 'staging', duration: '4h', reason: '' },
    });
    assert.equal(byId(again, 'kind').initial, 'access');
    assert.equal(byId(again, 'cluster').initial, 'staging');
    assert.equal(byId(again, 'duration').initial, '4h');
    assert.equal(byId(again, 'reason').initial, '');
    assert.equal(byId(requestFormLayout(CHOICES, { kind: 'access' }), 'kind').initial, 'access');
  });

  void test('the namespace hint fits the kind shown; no grantable roles says what to type instead', () => {
    assert.equal(
      byId(requestFormLayout(CHOICES, { kind: 'action' }), 'namespace').hint,
      'Not used for nodes.',
    );
    assert.equal(
      byId(requestFormLayout(CHOICES, { kind: 'access' }), 'namespace').hint,
      'Not used for cluster-wide roles.',
    );
    const role = byId(requestFormLayout({ ...CHOICES, grantableRoles: [] }), 'role');
    assert.deepEqual(role.choices, []);
    assert.match(role.noChoices ?? '', /Policy lists no grantable roles\. Type `\/k8s-request access /);
  });
});

void describe('requestFormSections', () => {
  void test('a layout of every kind groups into the head, each kind, then what both need', () => {
    const sections = requestFormSections(requestFormLayout(CHOICES));
    assert.deepEqual(
      sections.map((s) => [s.title ?? '', ids(s.fields)]),
      [
        ['', ['kind', 'cluster']],
        ['For an action', ['verb', 'target', 'replicas', 'patch']],
        ['For access', ['role', 'duration']],
        ['For both', ['namespace', 'reason', 'incident']],
      ],
    );
    const actionOnly = requestFormSections(requestFormLayout(CHOICES, { kind: 'action' }));
    assert.deepEqual(
      actionOnly.map((s) => s.title ?? ''),
      ['', 'For an action', 'For both'],
    );
  });
});

void describe('CARD_ACTION_FIELDS', () => {
  void test('every extension offered reads as `extend --for`; the deny reason is as long as --reason allows', () => {
    const duration = CARD_ACTION_FIELDS.duration;
    assert.deepEqual(
      duration.choices?.map((c) => c.value),
      [...EXTEND_DURATIONS],
    );
    assert.ok(EXTEND_DURATIONS.includes(duration.initial as (typeof EXTEND_DURATIONS)[number]));
    for (const d of EXTEND_DURATIONS) {
      const parsed = parseCommand(`extend cs-aaaaaaaaaa --for ${d}`);
      assert.ok(parsed.type === 'extend', d);
    }
    assert.equal(CARD_ACTION_FIELDS.reason.maxLength, MAX_REASON_CHARS);
    assert.ok(CARD_ACTION_FIELDS.reason.required && CARD_ACTION_FIELDS.reason.refusal !== undefined);
  });
});
