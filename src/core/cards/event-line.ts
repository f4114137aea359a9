import type { AuditEvent } from '../audit/audit-event.ts';

/**
 * The thread line for one audit event (`approved by bob@example.com (1 of 2)`),
 * plain text for every surface's request thread. Undefined for events that need no
 * line of their own (the card already shows them).
 */
export function eventLine(event: AuditEvent): string | undefined {
  switch (event.type) {
    case 'submitted':
    case 'decided':
    case 'queued':
      return undefined;
    case 'approved':
      return `Approved by ${event.actor} (${event.details.approvals} so far${event.details.complete ? ', enough to run' : ''})`;
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
      return `Access granted until ${event.details.expiresAt}`;
    case 'extended':
      return `Extended by ${event.actor} until ${event.details.to}`;
    case 'revoked':
      return `Revoked by ${event.actor}`;
    case 'grant-expired':
      return 'Access expired';
    case 'swept':
      return `Access removed by the expiry sweep (${event.details.bindingName})`;
    case 'break-glass':
      return `BREAK-GLASS by ${event.actor} under ${event.details.incident}: ran without approval`;
    case 'break-glass-reviewed':
      return `Break-glass under ${event.details.incident} acknowledged by ${event.actor}`;
  }
}
