import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { UserFacingError } from '../../core/errors.ts';

/**
 * What a person is told when their request or click failed: a `UserFacingError`'s own
 * message and example; anything else only "Something failed, reference <ref>", with the
 * error logged under that reference.
 */
export function userMessage(error: unknown, logger: Logger): string {
  if (error instanceof UserFacingError) return error.toUserText();
  const reference = randomBytes(4).toString('hex');
  logger.error({ err: error, reference }, 'console action failed');
  return `Something failed, reference ${reference}. Try again in a minute; if it keeps failing, give your admin this reference.`;
}
