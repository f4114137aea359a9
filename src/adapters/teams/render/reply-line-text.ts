import type { ReplyLine, ReplySpan } from '../../../core/conversation/reply-line.ts';
import { escapeCardText } from './escape-card-text.ts';
import { cardDateTime } from './render-card.ts';
import { teamsCommand } from './teams-example.ts';

const one = { maxLines: 1, maxLength: 300 } as const;

/**
 * One neutral reply line as TextBlock text: user text escaped, commands as typed to the
 * bot, times in the reader's zone.
 */
export function replyLineText(line: ReplyLine): string {
  return line.spans.map(spanText).join('');
}

function spanText(span: ReplySpan): string {
  if (typeof span === 'string') return span;
  if ('text' in span) return escapeCardText(span.text, span.limit ?? one);
  if ('strong' in span) return escapeCardText(span.strong, one);
  if ('code' in span) return escapeCardText(span.code, one);
  if ('command' in span) return escapeCardText(teamsCommand(span.command), one);
  if ('time' in span) return cardDateTime(span.time);
  return '';
}
