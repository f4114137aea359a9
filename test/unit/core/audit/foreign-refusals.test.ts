import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ForeignRefusalAudit } from '../../../../src/core/audit/foreign-refusals.ts';
import { InMemoryAuditSink } from '../../../fakes/in-memory-audit-sink.ts';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined };

function setup(options: { windowMs?: number; maxKeys?: number } = {}) {
  let now = Date.parse('2026-12-05T12:00:00Z');
  const sink = new InMemoryAuditSink();
  const audit = new ForeignRefusalAudit(sink, { now: () => now }, silent, options);
  return {
    audit,
    details: () => sink.records.map((r) => r.event.details as Record<string, unknown>),
    advance: (ms: number) => (now += ms),
  };
}

const from = (tenant: string, userId = 'oid-mallory') =>
  ({ platform: 'teams', origin: { tenants: [tenant] }, userId }) as const;

test('a flood from one foreign tenant and sender is audited once per window, the rest counted into the next', async () => {
  const { audit, details, advance } = setup({ windowMs: 60_000 });
  for (let i = 0; i < 50; i++) await audit.record(from('t-evil'));
  assert.equal(details().length, 1);
  assert.equal(details()[0]?.suppressed, undefined);
  advance(59_999);
  await audit.record(from('t-evil'));
  assert.equal(details().length, 1);
  advance(1);
  await audit.record(from('t-evil'));
  assert.equal(details().length, 2);
  assert.equal(details()[1]?.suppressed, 50);
});

test('another sender or tenant is audited on its own', async () => {
  const { audit, details } = setup();
  await audit.record(from('t-evil'));
  await audit.record(from('t-evil', 'oid-eve'));
  await audit.record(from('t-other'));
  await audit.record({ platform: 'slack', origin: { team: 'T0EVIL' }, userId: 'U0EVE' });
  assert.deepEqual(
    details().map((d) => [d.platform, d.code, d.origin]),
    [
      ['teams', 'foreign_tenant', { tenants: ['t-evil'] }],
      ['teams', 'foreign_tenant', { tenants: ['t-evil'] }],
      ['teams', 'foreign_tenant', { tenants: ['t-other'] }],
      ['slack', 'foreign_workspace', { team: 'T0EVIL' }],
    ],
  );
});

test('rotating tenant IDs cannot fill the audit: past maxKeys pairs they share one entry per window', async () => {
  const { audit, details, advance } = setup({ windowMs: 60_000, maxKeys: 10 });
  for (let i = 0; i < 1000; i++) await audit.record(from(`t-${String(i)}`));
  assert.equal(details().length, 11);
  advance(60_000);
  await audit.record(from('t-new'));
  assert.equal(details().length, 12);
  assert.equal(details()[11]?.suppressed, 989, 'the overflowed ones are not lost from the count');
});
