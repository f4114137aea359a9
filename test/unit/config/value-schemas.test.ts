import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseDuration } from '../../../src/config/value-schemas.ts';

void test('parseDuration reads units and sums compound durations', () => {
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('15m'), 900_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('2d'), 172_800_000);
});

void test('parseDuration rejects anything that is not number+unit', () => {
  for (const bad of ['', '15', 'm', '1.5h', '15 m', '-1m', '1w', '1m ']) {
    assert.equal(parseDuration(bad), undefined, bad);
  }
});

void test('parseDuration of N seconds is N*1000 ms', () => {
  fc.assert(fc.property(fc.nat(1_000_000), (n) => parseDuration(`${n}s`) === n * 1000));
});
