import type { Logger } from 'pino';
import { failureNotice } from '../../../core/conversation/failure-notice.ts';
import { teamsSpelled } from '../render/teams-example.ts';
import { messageResponse, type CardActionResponse } from './invoke-response.ts';

/** A refusal for the clicker alone, as a message: the core's {@link failureNotice}, commands spelled for Teams. */
export function refusal(error: unknown, logger: Logger): CardActionResponse {
  const notice = failureNotice(error, logger, 'Teams card action failed');
  return messageResponse(notice.kind === 'refused' ? teamsSpelled(notice.error.toUserText()) : notice.text);
}
