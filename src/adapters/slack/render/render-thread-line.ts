import type { PersonText } from '../../../core/cards/person-text.ts';
import { sectionBlock, type SlackMessage } from './block-kit.ts';
import { SLACK_LIMITS } from './slack-limits.ts';
import { slackPersonText } from './slack-person-text.ts';

/**
 * A reply in a request's thread (or a DM) for one event, from the core's `eventLine`
 * (`Approved by bob@example.com (<@U…>) (1 so far)`): escaped, people by username
 * with their mention beside it, at most five lines, the same text as the notification
 * fallback and as one verbatim section.
 */
export function renderThreadLine(line: PersonText): SlackMessage {
  const text = slackPersonText(line, { maxLines: 5, maxLength: SLACK_LIMITS.text });
  return { text, blocks: [sectionBlock(text, { blockId: 'event' })] };
}
