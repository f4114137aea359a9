import type { RequestRecord } from '../lifecycle/request-record.ts';
import { requestNotFound } from '../workflow/mutate-request.ts';
import type { ConversationDeps } from './conversation-deps.ts';

/**
 * The request a person is about to act on (e.g. to title the deny or extend dialog a
 * button opens); a missing one is the core's `request_not_found` refusal.
 */
export async function findRequest(deps: ConversationDeps, requestId: string): Promise<RequestRecord> {
  const record = await deps.workflow.store.get(requestId);
  if (!record) throw requestNotFound(requestId);
  return record;
}
