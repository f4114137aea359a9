import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { percentile, ratePerSecond, summarize } from '../../../bench/lib/stats.ts';

describe('percentile (nearest rank)', () => {
  test('picks the smallest value with at least p percent of the sample at or below it', () => {
    const sorted = [1, 2, 3, 4];
    assert.equal(percentile(sorted, 50), 2);
    assert.equal(percentile(sorted, 51), 3);
    assert.equal(percentile(sorted, 75), 3);
    assert.equal(percentile(sorted, 99), 4);
    assert.equal(percentile(sorted, 0), 1);
    assert.equal(percentile(sorted, 100), 4);
  });

  test('p99 of 1..100 is 99 and of 1..1000 is 990', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    const thousand = Array.from({ length: 1000 }, (_, i) => i + 1);
    assert.equal(percentile(hundred, 99), 99);
    assert.equal(percentile(thousand, 99), 990);
    assert.equal(percentile(thousand, 50), 500);
  });

  test('refuses an empty sample and a p outside 0-100', () => {
    assert.throws(() => percentile([], 50), /empty/);
    assert.throws(() => percentile([1], 101), /outside/);
    assert.throws(() => percentile([1], Number.NaN), /outside/);
  });

  test('is always a member of the sample, at least p percent of it at or below', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 100 }),
        (values, p) => {
          const sorted = [...values].sort((a, b) => a - b);
          const value = percentile(sorted, p);
          assert.ok(sorted.includes(value));
          const atOrBelow = sorted.filter((v) => v <= value).length;
          assert.ok(atOrBelow / sorted.length >= p / 100);
          const below = sorted.filter((v) => v < value).length;
          assert.ok(below / sorted.length < p / 100);
        },
      ),
    );
  });
});

describe('summarize', () => {
  test('sorts a copy and reports count, min, p50, p99, max and mean', () => {
    const samples = [5, 1, 4, 2, 3];
    const summary = summarize(samples);
    assert.deepEqual(summary, { count: 5, min: 1, p50: 3, p99: 5, max: 5, mean: 3 });
    assert.deepEqual(samples, [5, 1, 4, 2, 3]);
  });

  test('refuses no samples and non-finite samples', () => {
    assert.throws(() => summarize([]), /no samples/);
    assert.throws(() => summarize([1, Number.NaN]), /finite/);
    assert.throws(() => summarize([Number.POSITIVE_INFINITY]), /finite/);
  });
});

describe('ratePerSecond', () => {
  test('divides events by elapsed seconds and refuses a zero interval', () => {
    assert.equal(ratePerSecond(50, 2000), 25);
    assert.throws(() => ratePerSecond(1, 0), /rate/);
  });
});
