import type { AuditRecord } from '../../../core/audit/audit-record.ts';
import { timelineText } from '../../../core/cards/timeline-text.ts';
import { CONSOLE_PATHS } from '../console-paths.ts';
import { html, type SafeHtml } from '../../http/safe-html.ts';

/** Display options: whether each entry links to its request (the overall timeline does). */
export interface TimelineOptions {
  readonly linkRequests: boolean;
}

/**
 * Renders audit records as an ordered timeline: time, event type, the line, and its
 * chain position (`seq`) so an auditor can match it with `countersign audit export`.
 * Every text is escaped.
 */
export function renderTimeline(records: readonly AuditRecord[], options: TimelineOptions): SafeHtml {
  if (records.length === 0) return html`<p class="empty">No audit events yet.</p>`;
  return html`<ol class="timeline">
    ${records.map(
      (r) =>
        html`<li class="event event-${r.event.type}" data-seq="${r.seq}">
          <time datetime="${r.event.at}">${r.event.at.slice(0, 19).replace('T', ' ')} UTC</time>
          <span class="event-type">${r.event.type}</span
          >${options.linkRequests ? html` <a class="event-request" href="${CONSOLE_PATHS.request(r.event.requestId)}">${r.event.requestId}</a>` : ''}
          <span class="event-text">${timelineText(r.event)}</span> <span class="seq">#${r.seq}</span>
        </li>`,
    )}
  </ol>`;
}
