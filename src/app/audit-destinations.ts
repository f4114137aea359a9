import type { AuditDestination } from '../adapters/audit-sink/audit-destination.ts';
import { httpAuditDestination } from '../adapters/audit-sink/http-audit-destination.ts';
import { stdoutAuditDestination } from '../adapters/audit-sink/stdout-audit-destination.ts';
import type { AuditSinkConfig } from '../config/config.ts';
import type { Clock } from '../core/ports/clock.ts';

/** The audit sink's destinations the config names (HTTP, stdout, both or none). */
export function auditDestinations(config: AuditSinkConfig, clock: Clock): AuditDestination[] {
  return [
    ...(config.http ? [httpAuditDestination({ ...config.http, clock })] : []),
    ...(config.stdout ? [stdoutAuditDestination()] : []),
  ];
}
