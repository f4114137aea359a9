import type { IncomingMessage } from 'node:http';
import { CountersignError } from '../../core/errors.ts';
import { readBodyWithin } from './read-body.ts';

/** Largest form body the console reads; a request, a reason and a token fit many times over. */
export const MAX_FORM_BYTES = 64 * 1024;

/** A POST body the console refuses to read: `status` is 413 (too large) or 415 (not a form). */
export class FormBodyError extends CountersignError {
  readonly status: 413 | 415;

  constructor(status: 413 | 415, message: string) {
    super(status === 413 ? 'form_too_large' : 'form_media_type', message);
    this.status = status;
  }
}

/**
 * Reads an `application/x-www-form-urlencoded` POST body (what forms and console.js
 * send) up to {@link MAX_FORM_BYTES}. Any other media type is refused, which also keeps
 * cross-site `text/plain` and JSON posts out.
 */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume();
    throw new FormBodyError(415, 'expected application/x-www-form-urlencoded');
  }
  const body = await readBodyWithin(req, MAX_FORM_BYTES);
  if (body === undefined) {
    req.resume();
    throw new FormBodyError(413, `form body over ${MAX_FORM_BYTES} bytes`);
  }
  return new URLSearchParams(body.toString('utf8'));
}
