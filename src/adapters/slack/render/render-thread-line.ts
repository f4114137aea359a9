import type { PersonText } from '../../../core/cards/person-text.ts';
import { sectionBlock, type SlackMessage } from './block-kit.ts';
import { SLACK_LIMITS } from './slack-limits.ts';
import { slackPersonText } from './slack-person-text.ts';

/** A thread line (or DM) for one event, from the core's `eventLine`: at most five lines, as fallback text and one section. */
export function renderThreadLine(line: PersonText): SlackMessage {
  const text = slackPersonText(line, { maxLines: 5, maxLength: SLACK_LIMITS.text });
  return { text, blocks: [sectionBlock(text, { blockId: 'event' })] };
}
