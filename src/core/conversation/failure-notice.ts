import { randomBytes } from 'node:crypto';
import { UserFacingError } from '../errors.ts';
import type { ErrorLog } from '../ports/log.ts';

/**
 * What a person may be told about an error from their command or click: a refusal
 * written for them (a {@link UserFacingError}: its message and example), or, for
 * anything else, only a reference under which the error was logged.
 */
export type FailureNotice =
  | { readonly kind: 'refused'; readonly error: UserFacingError }
  | { readonly kind: 'failed'; readonly reference: string; readonly text: string };

/** The text for a failure a person may not see: the reference to give an admin. */
export function failureText(reference: string): string {
  return `Something failed, reference ${reference}. Try again in a minute; if it keeps failing, give your admin this reference.`;
}

/**
 * Sorts an error for the person who caused it: a {@link UserFacingError} is theirs to
 * read; anything else is logged on `log` as `message` under a fresh reference, and
 * only {@link failureText} of that reference is theirs.
 */
export function failureNotice(error: unknown, log: ErrorLog, message: string): FailureNotice {
  if (error instanceof UserFacingError) return { kind: 'refused', error };
  const reference = randomBytes(4).toString('hex');
  log.error({ err: error, reference }, message);
  return { kind: 'failed', reference, text: failureText(reference) };
}
