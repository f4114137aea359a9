import type { AuditEvent } from '../../src/core/audit/audit-event.ts';
import type { AuditRecord } from '../../src/core/audit/audit-record.ts';
import { nextEscalationAt } from '../../src/core/lifecycle/escalate.ts';
import type { RequestRecord } from '../../src/core/lifecycle/request-record.ts';
import type { AuditSink } from '../../src/core/ports/audit-sink.ts';
import type { ClaimOutcome } from '../../src/core/ports/message-ledger-store.ts';
import type { MessageRef, MessageSlot } from '../../src/core/ports/message-ref.ts';
import type { GrantPage, RequestStore } from '../../src/core/ports/request-store.ts';

const FINAL = new Set(['denied', 'expired', 'cancelled', 'succeeded', 'failed', 'revoked']);

/** A {@link RequestStore} in a Map, for core tests; audit events go to the given sink. */
export class InMemoryRequestStore implements RequestStore {
  readonly records = new Map<string, RequestRecord>();
  private readonly messages = new Map<string, MessageRef[]>();
  private readonly slots = new Map<string, { token: string; at: number } | { messageId: string }>();

  private readonly notified = new Map<string, number>();

  constructor(private readonly audit: AuditSink) {}

  notifiedVersion(requestId: string): Promise<number> {
    return Promise.resolve(this.notified.get(requestId) ?? 0);
  }

  markNotified(requestId: string, version: number): Promise<void> {
    this.notified.set(requestId, Math.max(version, this.notified.get(requestId) ?? 0));
    return Promise.resolve();
  }

  async create(record: RequestRecord, events: readonly AuditEvent[]): Promise<boolean> {
    if (this.records.has(record.id)) return false;
    this.records.set(record.id, record);
    await this.audit.append(events);
    return true;
  }

  get(id: string): Promise<RequestRecord | undefined> {
    return Promise.resolve(this.records.get(id));
  }

  async compareAndSet(next: RequestRecord, events: readonly AuditEvent[]): Promise<boolean> {
    const current = this.records.get(next.id);
    if (!current || current.version !== next.version - 1) return false;
    this.records.set(next.id, next);
    await this.audit.append(events);
    return true;
  }

  listOpenByRequester(username: string): Promise<RequestRecord[]> {
    return Promise.resolve(
      [...this.records.values()]
        .filter((r) => r.requester.username === username && !FINAL.has(r.state))
        .sort((a, b) => b.createdAt - a.createdAt),
    );
  }

  listPendingForGroups(groups: readonly string[]): Promise<RequestRecord[]> {
    return Promise.resolve(
      [...this.records.values()].filter(
        (r) =>
          r.state === 'pending' &&
          r.decision.outcome === 'require-approval' &&
          r.decision.approverGroups.some((g) => groups.includes(g)),
      ),
    );
  }

  listActiveGrants(): Promise<RequestRecord[]> {
    return Promise.resolve(
      [...this.records.values()]
        .filter((r) => r.state === 'active')
        .sort((a, b) => (a.grant?.expiresAt ?? 0) - (b.grant?.expiresAt ?? 0)),
    );
  }

  async listGrantsDueBy(by: number, limit: number, cursor?: string): Promise<GrantPage> {
    const [afterAt, afterId] =
      cursor === undefined ? [-Infinity, ''] : [Number(cursor.split(' ')[0]), cursor.split(' ')[1] ?? ''];
    const due = (await this.listActiveGrants()).filter((r) => {
      const at = r.grant?.expiresAt ?? 0;
      return at <= by && (at > afterAt || (at === afterAt && r.id > afterId));
    });
    due.sort(
      (a, b) =>
        (a.grant?.expiresAt ?? 0) - (b.grant?.expiresAt ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    const records = due.slice(0, limit);
    const last = records.at(-1);
    return due.length > limit && last
      ? { records, next: `${last.grant?.expiresAt ?? 0} ${last.id}` }
      : { records };
  }

  listInFlightSince(before: number): Promise<RequestRecord[]> {
    return Promise.resolve(
      [...this.records.values()].filter(
        (r) =>
          (r.state === 'approved' || r.state === 'queued' || r.state === 'executing') &&
          (r.timestamps[r.state] ?? r.createdAt) < before,
      ),
    );
  }

  listPendingDue(before: number): Promise<RequestRecord[]> {
    const due = (r: RequestRecord): number =>
      Math.min(nextEscalationAt(r) ?? Infinity, r.decisionDeadline ?? Infinity);
    return Promise.resolve(
      [...this.records.values()]
        .filter((r) => r.state === 'pending' && due(r) <= before)
        .sort((a, b) => due(a) - due(b)),
    );
  }

  async countActiveGrants(): Promise<number> {
    return (await this.listActiveGrants()).length;
  }

  listUnreviewedBreakGlass(): Promise<RequestRecord[]> {
    return Promise.resolve(
      [...this.records.values()]
        .filter((r) => r.breakGlass !== undefined && r.breakGlass.review === undefined)
        .sort((a, b) => (a.breakGlass?.at ?? 0) - (b.breakGlass?.at ?? 0)),
    );
  }

  async countUnreviewedBreakGlass(): Promise<number> {
    return (await this.listUnreviewedBreakGlass()).length;
  }

  claimMessage(
    requestId: string,
    slot: MessageSlot,
    claim: { readonly token: string; readonly at: number; readonly staleBefore: number },
  ): Promise<ClaimOutcome> {
    const field = `${requestId} ${JSON.stringify(slot)}`;
    const held = this.slots.get(field);
    if (held && 'messageId' in held) return Promise.resolve({ kind: 'posted', messageId: held.messageId });
    if (held && held.token !== claim.token && held.at > claim.staleBefore)
      return Promise.resolve({ kind: 'busy' });
    this.slots.set(field, { token: claim.token, at: claim.at });
    return Promise.resolve({ kind: 'won' });
  }

  recordMessage(requestId: string, slot: MessageSlot, messageId: string): Promise<string> {
    const field = `${requestId} ${JSON.stringify(slot)}`;
    const held = this.slots.get(field);
    if (held && 'messageId' in held) return Promise.resolve(held.messageId);
    this.slots.set(field, { messageId });
    const list = this.messages.get(requestId) ?? [];
    list.push({ ...slot, messageId });
    this.messages.set(requestId, list);
    return Promise.resolve(messageId);
  }

  listMessages(requestId: string): Promise<MessageRef[]> {
    return Promise.resolve([...(this.messages.get(requestId) ?? [])]);
  }

  async listEvents(requestId: string): Promise<AuditRecord[]> {
    const found: AuditRecord[] = [];
    for await (const record of this.audit.readAll()) {
      if (record.event.requestId === requestId) found.push(record);
    }
    return found;
  }
}
