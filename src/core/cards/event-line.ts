import type { AuditEvent } from '../audit/audit-event.ts';
import { formatIsoTime } from './format-time.ts';

/**
 * The thread line for one audit event (`Approved by bob@example.com (1 so far)`),
 * plain text for every surface's request thread. People are named by their Kubernetes
 * username (the audit actor); times by {@link formatIsoTime}. Undefined for events that need no
 * line of their own (the card already shows them).
 */
export function eventLine(event: AuditEvent): string | undefined {
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
      return `Approved by ${event.actor} (${event.details.approvals} so far${event.details.complete ? ', all needed' : ''})`;
    case 'step-up':
      return `${event.actor} signed in again (${event.details.amr.join(', ') || 'no amr'})`;
    case 'denied':
      return `Denied by ${event.actor}: ${event.details.reason}`;
    case 'cancelled':
      return `Cancelled by ${event.actor}`;
    case 'expired':
      return 'Expired: nobody decided in time';
    case 'executed':
      return `Executed: ${event.details.result ?? 'done'}`;
    case 'failed':
      return `Failed: ${event.details.error}`;
    case 'granted':
      return `Access granted until ${formatIsoTime(event.details.expiresAt)}`;
    case 'extended':
      return `Extended by ${event.actor} until ${formatIsoTime(event.details.to)}`;
    case 'revoked':
      return `Revoked by ${event.actor}`;
    case 'grant-expired':
      return 'Access ended on schedule';
    case 'swept':
      return `Access removed by the expiry sweep (${event.details.bindingName})`;
    case 'break-glass':
      return `BREAK-GLASS by ${event.actor} under ${event.details.incident}: ran without approval`;
    case 'escalated':
      return `Escalated to ${event.details.approverGroups.join(', ')}: no decision after ${event.details.after}`;
    case 'break-glass-reviewed':
      return `Break-glass under ${event.details.incident} acknowledged by ${event.actor}`;
  }
}
