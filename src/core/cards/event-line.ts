import type { AuditEvent } from '../audit/audit-event.ts';
import { formatIsoTime } from './format-time.ts';
import { eventActor } from './person-name.ts';
import { personText, type PersonText } from './person-text.ts';

/**
 * The thread line for one audit event (`Approved by bob@example.com (1 so far)`) for
 * every surface's request thread. People are named by the display rule: the audit
 * actor's Kubernetes username, with the chat ID they acted from so a renderer can put
 * their mention beside it; times by {@link formatIsoTime}. Undefined for events that
 * need no line of their own (the card already shows them).
 */
export function eventLine(event: AuditEvent): PersonText | undefined {
  const by = eventActor(event);
  switch (event.type) {
    case 'submitted':
    case 'decided':
    case 'queued':
    case 'refused':
    case 'step-up-failed':
    case 'signed-in':
    case 'policy-reloaded':
    case 'identity-table-reloaded':
      return undefined;
    case 'approved':
      return personText`Approved by ${by} (${String(event.details.approvals)} so far${event.details.complete ? ', all needed' : ''})`;
    case 'step-up':
      return personText`${by} signed in again (${event.details.amr.join(', ') || 'no amr'})`;
    case 'denied':
      return personText`Denied by ${by}: ${event.details.reason}`;
    case 'cancelled':
      return personText`Cancelled by ${by}`;
    case 'expired':
      return ['Expired: nobody decided in time'];
    case 'executed':
      return [`Executed: ${event.details.result ?? 'done'}`];
    case 'failed':
      return [`Failed: ${event.details.error}`];
    case 'granted':
      return [`Access granted until ${formatIsoTime(event.details.expiresAt)}`];
    case 'extended':
      return personText`Extended by ${by} until ${formatIsoTime(event.details.to)}`;
    case 'revoked':
      return personText`Revoked by ${by}`;
    case 'grant-expired':
      return ['Access ended on schedule'];
    case 'swept':
      return [`Access removed by the expiry sweep (${event.details.bindingName})`];
    case 'break-glass':
      return personText`BREAK-GLASS by ${by} under ${event.details.incident}: ran without approval`;
    case 'escalated':
      return [
        `Escalated to ${event.details.approverGroups.join(', ')}: no decision after ${event.details.after}`,
      ];
    case 'break-glass-reviewed':
      return personText`Break-glass under ${event.details.incident} acknowledged by ${by}`;
  }
}
