import type { AuditEvent } from '../audit/audit-event.ts';
import { eventLine } from './event-line.ts';
import { plainText } from './person-text.ts';

/** What one audit event says on a request's timeline: its thread line, or words for the events cards show instead. */
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
