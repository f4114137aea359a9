import { CountersignError } from '../errors.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const ID_CHARS = 10;
const BITS_NEEDED = ID_CHARS * 5;

/**
 * A request ID: `cs-` and ten characters of lower-case base32 (50 random bits). IDs fit
 * inside DNS-1123 names, so a binding can be named `countersign-cs-...`.
 */
export const REQUEST_ID_PATTERN = /^cs-[a-z2-7]{10}$/;

/** How many random bytes {@link formatRequestId} needs at least. */
export const REQUEST_ID_RANDOM_BYTES = Math.ceil(BITS_NEEDED / 8);

/** True when `value` is exactly a request ID (lower-case; callers lower-case typed input first). */
export function isRequestId(value: string): boolean {
  return REQUEST_ID_PATTERN.test(value);
}

/**
 * Turns random bytes from the caller (the core owns no randomness) into a request ID,
 * using the first 50 bits. Throws a `CountersignError` if fewer than 7 bytes are given.
 */
export function formatRequestId(bytes: Uint8Array): string {
  if (bytes.length < REQUEST_ID_RANDOM_BYTES) {
    throw new CountersignError(
      'insufficient_random_bytes',
      `formatRequestId needs ${REQUEST_ID_RANDOM_BYTES} random bytes, got ${bytes.length}`,
    );
  }
  let id = 'cs-';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && id.length < 3 + ID_CHARS) {
      bits -= 5;
      id += ALPHABET[(buffer >> bits) & 31];
    }
    if (id.length === 3 + ID_CHARS) break;
  }
  return id;
}
