import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { revocationFigures, type RevocationResult } from '../../../bench/revocation-lateness.ts';

const summary = { count: 10_000, min: 0, p50: 0.03, p99: 0.35, max: 0.43, mean: 0.05 };

function result(rate: number): RevocationResult {
  return { size: 10_000, lateness: summary, recordLateness: summary, early: 0, rate };
}

function ratio(rate: number, rawDeleteRate: number) {
  const row = revocationFigures(result(rate), '10k', 60, { rawDeleteRate }).find(
    (f) => f.id === 'revocation.10k.rate-vs-direct',
  );
  assert.ok(row, 'the ratio row is there');
  return row;
}

describe('revocationFigures', () => {
  test('divides by the direct delete rate when the API server is slower than the expiry schedule', () => {
    const row = ratio(130, 144);
    assert.equal(row.value, 0.903);
    assert.equal(row.baselineValue, 144);
    assert.equal(row.met, true);
  });

  test('divides by the expiry rate when direct deletes outrun it: no revoker ends a grant before it expires', () => {
    // 10,000 grants over 60 s expire at 166.7/s; direct deletes reached 187/s in a quiet run.
    const row = ratio(166, 187);
    assert.equal(row.value, 0.996);
    assert.equal(row.baselineValue, 167);
    assert.match(String(row.baseline), /expire at \(167\/s\), below direct .* \(187\/s/);
    assert.equal(row.met, true);
    assert.equal(ratio(140, 187).met, false);
  });
});
