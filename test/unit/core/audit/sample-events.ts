import type { AuditEventOf } from '../../../../src/core/audit/audit-event.ts';
import type { AuditRecord } from '../../../../src/core/audit/audit-record.ts';
import { appendToChain } from '../../../../src/core/audit/chain.ts';

/** A distinct, valid audit event number `n`, for building chains of any length. */
export function sampleEvent(n: number): AuditEventOf<'approved'> {
  return {
    type: 'approved',
    requestId: `req-${n}`,
    at: new Date(Date.UTC(2026, 0, 5, 10, 0, n)).toISOString(),
    actor: `approver-${n}@example.com`,
    details: { groups: ['sre-leads'], approvals: 1, complete: true },
  };
}

/** A well-formed chain of `length` records. */
export function sampleChain(length: number): AuditRecord[] {
  const chain: AuditRecord[] = [];
  for (let n = 1; n <= length; n += 1) chain.push(appendToChain(chain.at(-1), sampleEvent(n)));
  return chain;
}
