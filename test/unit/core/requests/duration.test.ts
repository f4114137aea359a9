import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  MAX_DURATION_SECONDS,
  formatDuration,
  parseDuration,
} from '../../../../src/core/requests/duration.ts';

describe('duration', () => {
  test('reads d, h, m, s largest first', () => {
    const cases: [string, number][] = [
      ['30m', 1800],
      ['4h', 14_400],
      ['1h30m', 5400],
      ['90s', 90],
      ['2d', 172_800],
      ['1d2h3m4s', 93_784],
      ['0h5m', 300],
    ];
    for (const [text, seconds] of cases) assert.equal(parseDuration(text), seconds, text);
  });

  test('refuses zero, negatives, garbage and more than 30 days', () => {
    for (const bad of [
      '',
      '0s',
      '0d0h',
      '-1h',
      '5',
      '1.5h',
      'h',
      'm30',
      '30m1h',
      '1h 30m',
      '4hours',
      '31d',
      '721h',
      '99999999999999999999d',
    ]) {
      assert.throws(() => parseDuration(bad), { code: 'bad_duration' }, bad);
    }
    assert.equal(parseDuration('30d'), MAX_DURATION_SECONDS);
    assert.equal(parseDuration('720h'), MAX_DURATION_SECONDS);
  });

  test('formats seconds back', () => {
    assert.equal(formatDuration(5400), '1h30m');
    assert.equal(formatDuration(86_400), '1d');
    assert.equal(formatDuration(90), '1m30s');
    assert.equal(formatDuration(0), '0s');
  });

  test('format and parse round-trip for every allowed length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_DURATION_SECONDS }), (seconds) => {
        assert.equal(parseDuration(formatDuration(seconds)), seconds);
      }),
      { numRuns: 2000 },
    );
  });
});
