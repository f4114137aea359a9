import type { Logger } from 'pino';
import { CONSOLE_SPELLING, spellCommands } from '../../../core/conversation/command-spelling.ts';
import { failureNotice } from '../../../core/conversation/failure-notice.ts';

/**
 * What a person is told when their request or click failed: the core's
 * {@link failureNotice} (a refusal with its example, commands spelled as the console's
 * command box takes them, or a logged failure's reference).
 */
export function userMessage(error: unknown, logger: Logger): string {
  const notice = failureNotice(error, logger, 'console action failed');
  return notice.kind === 'refused' ? spellCommands(notice.error.toUserText(), CONSOLE_SPELLING) : notice.text;
}
