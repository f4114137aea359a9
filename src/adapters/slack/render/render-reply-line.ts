import { SLACK_SPELLING, typedCommand } from '../../../core/conversation/command-spelling.ts';
import type { ReplyLine, ReplyMark, ReplySpan } from '../../../core/conversation/reply-line.ts';
import { channelMention } from './channel-mention.ts';
import { escapeSlackCode, escapeSlackText } from './escape-mrkdwn.ts';
import { slackDate } from './render-card.ts';

const one = { maxLines: 1, maxLength: 300 } as const;
const MAX_CHANNELS = 5;

const MARK: Readonly<Record<ReplyMark, string>> = {
  done: ':white_check_mark:',
  refused: ':x:',
  waiting: ':hourglass_flowing_sand:',
  'break-glass': ':rotating_light:',
};

/**
 * One neutral reply line as mrkdwn: user text escaped, `strong` in bold, IDs and
 * commands in code spans, times in the reader's zone, the line's mark as an emoji.
 */
export function replyLineText(line: ReplyLine): string {
  const text = line.spans.map(spanText).join('');
  return line.mark ? `${MARK[line.mark]} ${text}` : text;
}

function spanText(span: ReplySpan): string {
  if (typeof span === 'string') return span;
  if ('text' in span) return escapeSlackText(span.text, span.limit ?? one);
  if ('strong' in span) return `*${escapeSlackText(span.strong, one)}*`;
  if ('code' in span) return `\`${escapeSlackCode(span.code, 200)}\``;
  if ('command' in span) return `\`${escapeSlackCode(typedCommand(span.command, SLACK_SPELLING), 200)}\``;
  if ('time' in span) return slackDate(span.time);
  const channels = span.channels.slack;
  if (channels.length === 0) return '';
  const names = channels.slice(0, MAX_CHANNELS).map(channelMention);
  const more = channels.length > MAX_CHANNELS ? ` and ${channels.length - MAX_CHANNELS} more` : '';
  return ` in ${names.join(', ')}${more}`;
}
