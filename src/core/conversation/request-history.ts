import type { AuditRecord } from '../audit/audit-record.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { ConversationDeps } from './conversation-deps.ts';

/** One request whole: the record as it stands and its audit events in chain order. */
export interface RequestHistory {
  readonly record: RequestRecord;
  readonly events: readonly AuditRecord[];
}

/**
 * A request and its audit trail, for a surface that shows one request whole (the
 * console's request page); undefined when no request has the ID. The events are read
 * after the record, so they tell at least as much as the record shows.
 */
export async function requestHistory(
  { workflow }: ConversationDeps,
  requestId: string,
): Promise<RequestHistory | undefined> {
  const record = await workflow.store.get(requestId);
  if (!record) return undefined;
  return { record, events: await workflow.store.listEvents(requestId) };
}
