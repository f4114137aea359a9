import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { CONSOLE_SPELLING, spellCommands } from '../../../core/conversation/command-spelling.ts';
import { UserFacingError } from '../../../core/errors.ts';

/**
 * What a person is told when their request or click failed: a `UserFacingError`'s own
 * message and example, commands spelled as the console's command box takes them;
 * anything else only "Something failed, reference <ref>", with the error logged under
 * that reference.
 */
export function userMessage(error: unknown, logger: Logger): string {
  if (error instanceof UserFacingError) return spellCommands(error.toUserText(), CONSOLE_SPELLING);
  const reference = randomBytes(4).toString('hex');
  logger.error({ err: error, reference }, 'console action failed');
  return `Something failed, reference ${reference}. Try again in a minute; if it keeps failing, give your admin this reference.`;
}
