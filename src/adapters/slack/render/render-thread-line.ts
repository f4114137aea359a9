import { sectionBlock, type SlackMessage } from './block-kit.ts';
import { escapeSlackText } from './escape-mrkdwn.ts';
import { SLACK_LIMITS } from './slack-limits.ts';

/**
 * A reply in a request's thread for one event, from the core's `eventLine` text
 * (`Approved by bob@example.com (1 so far)`): escaped, at most five lines, the same
 * text as the notification fallback and as one verbatim section.
 */
export function renderThreadLine(line: string): SlackMessage {
  const text = escapeSlackText(line, { maxLines: 5, maxLength: SLACK_LIMITS.text });
  return { text, blocks: [sectionBlock(text, { blockId: 'event' })] };
}
