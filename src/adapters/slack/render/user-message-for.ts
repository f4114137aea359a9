import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { UserFacingError } from '../../../core/errors.ts';
import { sectionBlock, type SlackMessage } from './block-kit.ts';
import { renderError } from './render-request-reply.ts';

/**
 * What a person is told when their command or click failed: a `UserFacingError`'s
 * own message and example; for anything else only "Something failed, reference
 * <ref>", with the error logged under that reference so an operator can find it.
 */
export function userMessageFor(error: unknown, logger: Logger): SlackMessage {
  if (error instanceof UserFacingError) return renderError(error);
  const reference = randomBytes(4).toString('hex');
  logger.error({ err: error, reference }, 'Slack interaction failed');
  const text = `Something failed, reference ${reference}. Try again in a minute; if it keeps failing, give your admin this reference.`;
  return { text, blocks: [sectionBlock(`:warning: ${text}`, { blockId: 'error' })] };
}
