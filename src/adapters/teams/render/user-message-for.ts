import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { UserFacingError } from '../../../core/errors.ts';
import type { AdaptiveCard } from './adaptive-card.ts';
import { renderError, renderFailure } from './render-request-reply.ts';

/**
 * What a person is told when their command or click failed: a `UserFacingError`'s
 * own message and example; for anything else only "Something failed, reference
 * <ref>", with the error logged under that reference so an operator can find it.
 */
export function userMessageFor(error: unknown, logger: Logger): AdaptiveCard {
  if (error instanceof UserFacingError) return renderError(error);
  const reference = randomBytes(4).toString('hex');
  logger.error({ err: error, reference }, 'Teams interaction failed');
  return renderFailure(reference);
}
