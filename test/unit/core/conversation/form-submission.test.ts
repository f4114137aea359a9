import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFormSubmission } from '../../../../src/core/conversation/form-submission.ts';

const SHOWN = new Set(['kind', 'cluster', 'verb', 'target', 'namespace', 'replicas', 'reason', 'incident']);

describe('readFormSubmission', () => {
  test('a complete form is ready to file, with the command text a typed command would be', () => {
    const read = readFormSubmission(
      {
        kind: 'action',
        verb: 'scale',
        target: 'deployment/api',
        namespace: 'prod-payments',
        replicas: '3',
        reason: 'load test',
      },
      SHOWN,
    );
    assert.ok(read.kind === 'ready');
    assert.equal(read.text, 'scale deployment/api -n prod-payments --replicas 3 --reason "load test"');
    assert.equal(read.request.type, 'action');
  });

  test('a refusal comes back beside the field it is about, or the first shown fallback field', () => {
    const form = {
      kind: 'action',
      verb: 'scale',
      target: 'deployment/api',
      namespace: 'prod',
      replicas: '3',
    };
    const read = readFormSubmission(form, SHOWN);
    assert.ok(read.kind === 'refused');
    assert.equal(read.field, 'reason');
    assert.match(read.error.message, /reason/i);
    const elsewhere = readFormSubmission(form, new Set(['target']));
    assert.ok(elsewhere.kind === 'refused' && elsewhere.field === 'target');
  });

  test('an empty form is refused with what to fill in, not read as some other command', () => {
    const read = readFormSubmission({}, SHOWN);
    assert.ok(read.kind === 'refused');
    assert.equal(read.error.code, 'form_incomplete');
  });
});
