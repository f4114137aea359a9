import { CONSOLE_SPELLING, typedCommand } from '../../../core/conversation/command-spelling.ts';
import type { LinesReply } from '../../../core/conversation/command-reply-lines.ts';
import type { ReplySpan } from '../../../core/conversation/reply-line.ts';
import { timeHtml } from './render-card.ts';
import { html, type HtmlValue, type SafeHtml } from '../../http/safe-html.ts';

/**
 * A neutral reply (whoami, explain) as HTML, a paragraph a line, user text escaped and
 * whole, IDs and commands in `<code>`; a `channels` span shows nothing (no channels here).
 */
export function renderReplyLines(reply: LinesReply): SafeHtml {
  return html`${reply.lines.map(
    (line) => html`<p class="reply-line${line.heading ? ' heading' : ''}">${line.spans.map(spanHtml)}</p>`,
  )}`;
}

function spanHtml(span: ReplySpan): HtmlValue {
  if (typeof span === 'string') return span;
  if ('text' in span) return span.text;
  if ('strong' in span) return html`<strong>${span.strong}</strong>`;
  if ('code' in span) return html`<code>${span.code}</code>`;
  if ('command' in span) return html`<code>${typedCommand(span.command, CONSOLE_SPELLING)}</code>`;
  if ('time' in span) return timeHtml(span.time);
  return '';
}
