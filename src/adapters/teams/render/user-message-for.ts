import type { Logger } from 'pino';
import { failureNotice } from '../../../core/conversation/failure-notice.ts';
import type { AdaptiveCard } from './adaptive-card.ts';
import { renderError, renderFailure } from './render-request-reply.ts';

/**
 * What a person is told when their command or click failed, as a card: the core's
 * {@link failureNotice} (a refusal with its example, or a logged failure's reference).
 */
export function userMessageFor(error: unknown, logger: Logger): AdaptiveCard {
  const notice = failureNotice(error, logger, 'Teams interaction failed');
  return notice.kind === 'refused' ? renderError(notice.error) : renderFailure(notice.reference);
}
