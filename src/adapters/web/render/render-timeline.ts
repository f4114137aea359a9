import type { AuditEvent } from '../../../core/audit/audit-event.ts';
import type { AuditRecord } from '../../../core/audit/audit-record.ts';
import { eventLine } from '../../../core/cards/event-line.ts';
import { plainText } from '../../../core/cards/person-text.ts';
import { CONSOLE_PATHS } from '../console-paths.ts';
import { html, type SafeHtml } from './safe-html.ts';

/** What one audit event says on a timeline: the thread line, or words for the events cards show instead. */
export function timelineText(event: AuditEvent): string {
  const line = eventLine(event);
  if (line !== undefined) return plainText(line);
  switch (event.type) {
    case 'submitted':
      return `Submitted by ${event.actor}: ${event.details.text}`;
    case 'decided': {
      const rules = event.details.matchedRules.join(', ') || 'no rule matched';
      const needs =
        event.details.approvalsNeeded !== undefined
          ? `, needs ${event.details.approvalsNeeded} from ${(event.details.approverGroups ?? []).join(' or ')}`
          : '';
      const why = event.details.reason !== undefined ? `: ${event.details.reason}` : '';
      return `Policy decided ${event.details.outcome} (${rules})${needs}${why}`;
    }
    case 'queued':
      return 'Queued to run';
    default:
      return event.type;
  }
}

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
