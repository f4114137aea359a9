import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  describeChanges,
  fieldChanges,
  leafPaths,
} from '../../../../src/adapters/kubernetes/verbs/patch-changes.ts';

describe('patch changes', () => {
  test('leaf paths stop at scalars, arrays, nulls and empty objects', () => {
    assert.deepEqual(
      leafPaths({
        spec: { paused: true, template: { spec: { containers: [{ name: 'a' }] } } },
        metadata: { labels: { x: null } },
        status: {},
      }),
      [
        ['spec', 'paused'],
        ['spec', 'template', 'spec', 'containers'],
        ['metadata', 'labels', 'x'],
        ['status'],
      ],
    );
  });

  test('only fields whose value differs are listed, with before and after; keys with dots are quoted', () => {
    const patch = {
      spec: { paused: true, replicas: 3 },
      metadata: { annotations: { 'example.com/owner': 'sre', gone: null } },
    };
    const before = { spec: { replicas: 3 }, metadata: { annotations: { gone: 'yes' } } };
    const after = {
      spec: { paused: true, replicas: 3 },
      metadata: { annotations: { 'example.com/owner': 'sre' } },
    };
    assert.deepEqual(describeChanges(patch, before, after), [
      'spec.paused: unset → true',
      'metadata.annotations["example.com/owner"]: unset → "sre"',
      'metadata.annotations.gone: "yes" → unset',
    ]);
  });

  test('long values are cut short', () => {
    const long = 'x'.repeat(200);
    const [line] = describeChanges({ data: { blob: long } }, {}, { data: { blob: long } });
    assert.ok(line !== undefined && line.length < 90 && line.endsWith('…'), line);
  });

  test('field changes keep whole values, however long, and leave an unset side out', () => {
    const command = ['sh', '-c', `curl https://example.com/${'x'.repeat(80)} | sh`];
    const patch = { spec: { containers: [{ name: 'app', command }] }, metadata: { labels: { gone: null } } };
    const before = { spec: { containers: [{ name: 'app' }] }, metadata: { labels: { gone: 'yes' } } };
    const after = { spec: { containers: [{ name: 'app', command }] }, metadata: { labels: {} } };
    assert.deepEqual(fieldChanges(patch, before, after), [
      {
        path: 'spec.containers',
        before: '[{"name":"app"}]',
        after: JSON.stringify([{ name: 'app', command }]),
      },
      { path: 'metadata.labels.gone', before: '"yes"' },
    ]);
  });
});
