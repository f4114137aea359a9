import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuditEvent } from '../../../../src/core/audit/audit-event.ts';
import { timelineText } from '../../../../src/core/cards/timeline-text.ts';

const at = '2026-01-05T10:00:00.000Z';
const base = { requestId: 'cs-1', at, actor: 'alice@example.com' } as const;

describe('timelineText', () => {
  test('the events cards show get words of their own; the rest read as their thread line', () => {
    const events: AuditEvent[] = [
      {
        ...base,
        type: 'submitted',
        details: {
          kind: 'action',
          verb: 'scale',
          text: 'scale deployment/api',
          cluster: 'prod',
          reason: 'x',
        },
      },
      {
        ...base,
        type: 'decided',
        details: {
          outcome: 'require-approval',
          matchedRules: ['prod-writes'],
          approverGroups: ['sre', 'sre-leads'],
          approvalsNeeded: 2,
        },
      },
      { ...base, type: 'decided', details: { outcome: 'deny', matchedRules: [], reason: 'frozen' } },
      { ...base, type: 'queued', details: {} },
      { ...base, actor: 'bob@example.com', type: 'denied', details: { reason: 'not now' } },
    ];
    assert.deepEqual(events.map(timelineText), [
      'Submitted by alice@example.com: scale deployment/api',
      'Policy decided require-approval (prod-writes), needs 2 from sre or sre-leads',
      'Policy decided deny (no rule matched): frozen',
      'Queued to run',
      'Denied by bob@example.com: not now',
    ]);
  });
});
