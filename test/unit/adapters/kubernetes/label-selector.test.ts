import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchesSelector, selectorToQuery } from '../../../../src/adapters/kubernetes/label-selector.ts';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'edge' };

  test('matchLabels must all match; an empty selector matches everything, an absent one nothing', () => {
    assert.equal(matchesSelector({ matchLabels: { app: 'web' } }, labels), true);
    assert.equal(matchesSelector({ matchLabels: { app: 'web', tier: 'db' } }, labels), false);
    assert.equal(matchesSelector({}, labels), true);
    assert.equal(matchesSelector(undefined, labels), false);
  });

  test('In, NotIn, Exists and DoesNotExist follow the API; an unknown operator matches nothing', () => {
    assert.equal(
      matchesSelector(
        { matchExpressions: [{ key: 'tier', operator: 'In', values: ['edge', 'web'] }] },
        labels,
      ),
      true,
    );
    assert.equal(
      matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['edge'] }] }, labels),
      false,
    );
    assert.equal(
      matchesSelector({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels),
      true,
    );
    assert.equal(matchesSelector({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels), true);
    assert.equal(
      matchesSelector({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels),
      false,
    );
    assert.equal(
      matchesSelector({ matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, labels),
      false,
    );
  });

  test('a selector becomes the labelSelector query syntax', () => {
    const query = selectorToQuery({
      matchLabels: { app: 'api' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['web', 'edge'] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'team', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    assert.equal(query, 'app=api,tier in (web,edge),env notin (dev),team,!legacy');
  });
});
