import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { UserFacingError } from '../../../core/errors.ts';
import { messageResponse, type CardActionResponse } from './invoke-response.ts';
import { teamsExample, teamsSpelled } from '../render/teams-example.ts';

/** A refusal for the clicker alone: a `UserFacingError`'s text, or a reference to a logged failure. */
export function refusal(error: unknown, logger: Logger): CardActionResponse {
  if (error instanceof UserFacingError) {
    const example = error.example ? `\nExample: ${teamsExample(error.example)}` : '';
    return messageResponse(`${teamsSpelled(error.message)}${example}`);
  }
  const reference = randomBytes(4).toString('hex');
  logger.error({ err: error, reference }, 'Teams card action failed');
  return messageResponse(
    `Something failed, reference ${reference}. Try again in a minute; if it keeps failing, give your admin this reference.`,
  );
}
