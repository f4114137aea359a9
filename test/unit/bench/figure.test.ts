import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { figure } from '../../../bench/lib/figure.ts';

describe('figure', () => {
  test('checks a target in the direction of its comparator', () => {
    const latency = { id: 'x', metric: 'm', unit: 'ms', comparator: '<=' as const, target: 100 };
    assert.equal(figure({ ...latency, value: 99.9 }).met, true);
    assert.equal(figure({ ...latency, value: 100 }).met, true);
    assert.equal(figure({ ...latency, value: 101 }).met, false);
    const rate = { id: 'y', metric: 'm', unit: '/s', comparator: '>=' as const, target: 100_000 };
    assert.equal(figure({ ...rate, value: 99_000 }).met, false);
    assert.equal(figure({ ...rate, value: 123_456 }).met, true);
  });

  test('rounds to three significant digits and keeps a missing target and baseline out', () => {
    const f = figure({ id: 'z', metric: 'm', unit: 'ms', comparator: '<=', value: 12.3456 });
    assert.deepEqual(f, {
      id: 'z',
      metric: 'm',
      value: 12.3,
      unit: 'ms',
      comparator: '<=',
      baseline: null,
      baselineValue: null,
      baselineUnit: null,
    });
    const g = figure({
      id: 'r',
      metric: 'm',
      unit: '/s',
      comparator: '>=',
      value: 123_456,
      baseline: 'b',
      baselineValue: 0.0012345,
    });
    assert.equal(g.value, 123_000);
    assert.equal(g.baselineValue, 0.00123);
    assert.equal(g.baselineUnit, '/s', "a baseline in the figure's own unit by default");
  });

  test('refuses a value or baseline that was not measured', () => {
    assert.throws(
      () => figure({ id: 'n', metric: 'm', unit: 'ms', comparator: '<=', value: Number.NaN }),
      /not measured/,
    );
    assert.throws(
      () =>
        figure({
          id: 'n',
          metric: 'm',
          unit: 'ms',
          comparator: '<=',
          value: 1,
          baselineValue: Number.POSITIVE_INFINITY,
        }),
      /baseline/,
    );
  });
});
