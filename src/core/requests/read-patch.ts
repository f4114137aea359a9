import { InvalidRequestError, showToken } from './request-error.ts';

/** Largest `--patch` accepted, in UTF-8 bytes. */
export const MAX_PATCH_BYTES = 16 * 1024;

const CURLY_DOUBLE = /[\u201c\u201d\u201e]/;

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Reads the `--patch` value as a JSON merge patch: valid JSON, a non-empty object, at
 * most 16 KiB. When the text only fails because chat turned its quotes into
 * typographic ones (“spec”), those are read as plain quotes.
 */
export function readPatch(text: string | undefined, example: string): Readonly<Record<string, unknown>> {
  if (text === undefined) {
    throw new InvalidRequestError(
      'missing_patch',
      `patch needs --patch with a JSON merge patch, in single quotes.`,
      example,
    );
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_PATCH_BYTES) {
    throw new InvalidRequestError(
      'patch_too_large',
      `The --patch is ${bytes} bytes; the limit is ${MAX_PATCH_BYTES}.`,
      example,
    );
  }
  let parsed = parseJson(text);
  if (!parsed.ok && CURLY_DOUBLE.test(text)) {
    const straightened = parseJson(text.replace(/[\u201c\u201d\u201e]/g, '"'));
    if (straightened.ok) parsed = straightened;
  }
  if (!parsed.ok) {
    throw new InvalidRequestError(
      'invalid_patch',
      `The --patch ${showToken(text)} is not valid JSON (${parsed.error}); put the JSON object in single quotes.`,
      example,
    );
  }
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidRequestError(
      'invalid_patch',
      `The --patch ${showToken(text)} must be a JSON object, as a merge patch is.`,
      example,
    );
  }
  if (Object.keys(value).length === 0) {
    throw new InvalidRequestError(
      'invalid_patch',
      `The --patch ${showToken(text)} is empty and changes nothing.`,
      example,
    );
  }
  return value as Record<string, unknown>;
}
