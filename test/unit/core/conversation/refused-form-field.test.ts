import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { refusedFormField } from '../../../../src/core/conversation/refused-form-field.ts';
import { UserFacingError } from '../../../../src/core/errors.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';

const refusal = (text: string): UserFacingError => {
  try {
    parseCommand(text);
  } catch (error) {
    if (error instanceof UserFacingError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed`);
};

void describe('refusedFormField', () => {
  const all = new Set([
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
  void test('puts a parser refusal under the field it is about', () => {
    assert.equal(refusedFormField(refusal('scale deployment/api -n prod --reason x'), all), 'replicas');
    assert.equal(refusedFormField(refusal('restart deployment/api -n prod'), all), 'reason');
    assert.equal(refusedFormField(refusal('restart deployment/api -n Bad_NS --reason x'), all), 'namespace');
    assert.equal(refusedFormField(refusal('restart gizmo/api -n prod --reason x'), all), 'target');
    assert.equal(
      refusedFormField(refusal('restart deployment/api -n prod --reason x --incident "a b"'), all),
      'incident',
    );
  });

  void test('falls back to a field the form shows', () => {
    const access = new Set(['kind', 'cluster', 'role', 'namespace', 'duration', 'reason', 'incident']);
    assert.equal(refusedFormField(refusal('scale deployment/api -n prod --reason x'), access), 'role');
    assert.equal(
      refusedFormField(refusal('scale deployment/api -n prod --reason x'), new Set(['reason'])),
      'reason',
    );
  });
});
