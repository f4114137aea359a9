import type { Logger } from 'pino';
import { failureNotice } from '../../../core/conversation/failure-notice.ts';
import { sectionBlock, type SlackMessage } from './block-kit.ts';
import { renderError } from './render-request-reply.ts';

/**
 * What a person is told when their command or click failed, as a message: the core's
 * {@link failureNotice} (a refusal with its example, or a logged failure's reference).
 */
export function userMessageFor(error: unknown, logger: Logger): SlackMessage {
  const notice = failureNotice(error, logger, 'Slack interaction failed');
  if (notice.kind === 'refused') return renderError(notice.error);
  return { text: notice.text, blocks: [sectionBlock(`:warning: ${notice.text}`, { blockId: 'error' })] };
}
