import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  REQUEST_ID_PATTERN,
  REQUEST_ID_RANDOM_BYTES,
  formatRequestId,
  isRequestId,
} from '../../../../src/core/requests/request-id.ts';
import { isDns1123Label } from '../../../../src/core/requests/validate-names.ts';

describe('request IDs', () => {
  test('formats the first 50 bits as lower-case base32', () => {
    assert.equal(formatRequestId(new Uint8Array(7)), 'cs-aaaaaaaaaa');
    assert.equal(formatRequestId(new Uint8Array(7).fill(0xff)), 'cs-7777777777');
    assert.equal(formatRequestId(Uint8Array.from([0x08, 0x86, 0x42, 0x98, 0xe8, 0, 0])), 'cs-bcdefghiaa');
  });

  test('every formatted ID matches the pattern and fits a DNS-1123 label after a prefix', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: REQUEST_ID_RANDOM_BYTES, maxLength: 32 }), (bytes) => {
        const id = formatRequestId(bytes);
        assert.ok(isRequestId(id), id);
        assert.ok(isDns1123Label(`countersign-${id}`));
      }),
      { numRuns: 500 },
    );
  });

  test('different bytes within the first 50 bits give different IDs', () => {
    const a = formatRequestId(Uint8Array.from([1, 2, 3, 4, 5, 6, 0]));
    const b = formatRequestId(Uint8Array.from([1, 2, 3, 4, 5, 7, 0]));
    assert.notEqual(a, b);
  });

  test('too few bytes is a programming error, not a user error', () => {
    assert.throws(() => formatRequestId(new Uint8Array(6)), { code: 'insufficient_random_bytes' });
  });

  test('isRequestId refuses near misses', () => {
    for (const bad of [
      'cs-aaaaaaaaa',
      'cs-aaaaaaaaaaa',
      'CS-AAAAAAAAAA',
      'cs-aaaaaaaaa1',
      'xx-aaaaaaaaaa',
      ' cs-aaaaaaaaaa',
    ]) {
      assert.equal(isRequestId(bad), false, bad);
    }
    assert.ok(REQUEST_ID_PATTERN.test('cs-abcdefgh27'));
  });
});
