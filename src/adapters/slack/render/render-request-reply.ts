import { filedReply } from '../../../core/conversation/filed-reply.ts';
import type { UserFacingError } from '../../../core/errors.ts';
import type { RequestRecord } from '../../../core/lifecycle/request-record.ts';
import { contextBlock, sectionBlock, type SlackMessage } from './block-kit.ts';
import { escapeSlackCode, escapeSlackText } from './escape-mrkdwn.ts';
import { replyLineText } from './render-reply-line.ts';
import { SLACK_LIMITS } from './slack-limits.ts';

const one = { maxLines: 1, maxLength: 300 } as const;

/** The ephemeral reply once a request is filed (the core's `filedReply`): its lines, preview, and how to follow it. */
export function renderRequestReply(record: RequestRecord): SlackMessage {
  const reply = filedReply(record);
  const preview = reply.preview.map((line) => `• ${escapeSlackText(line, one)}`);
  const lines = [reply.filed, ...reply.decision, ...reply.onCall].map(replyLineText);
  if (preview.length > 0) lines.push(`*${reply.previewHeading}*`, ...preview);
  return {
    text: escapeSlackText(reply.fallback, { maxLines: 1, maxLength: SLACK_LIMITS.fallbackText }),
    blocks: [
      sectionBlock(lines.join('\n'), { blockId: 'reply' }),
      contextBlock(reply.follow.map(replyLineText), 'follow'),
    ],
  };
}

/**
 * A refused command or click, for the person who made it: the error's message and,
 * where it has one, the correct example in a code span, both escaped.
 */
export function renderError(error: UserFacingError): SlackMessage {
  const message = escapeSlackText(error.message, { maxLines: 5, maxLength: 2000 });
  const example = error.example ? `\nExample: \`${escapeSlackCode(error.example, 900)}\`` : '';
  return {
    text: escapeSlackText(error.message, { maxLines: 1, maxLength: SLACK_LIMITS.fallbackText }),
    blocks: [sectionBlock(`:warning: ${message}${example}`, { blockId: 'error' })],
  };
}
