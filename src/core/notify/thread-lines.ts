import type { AuditRecord } from '../audit/audit-record.ts';
import { eventLine } from '../cards/event-line.ts';
import type { PersonText } from '../cards/person-text.ts';
import type { MessageRole } from '../ports/message-ref.ts';
import { unlessUnreachable, type Notification } from './notification.ts';

/** Card copies whose thread tells the request's story (not the grantee's direct messages). */
const THREADED_ROLES: readonly MessageRole[] = ['approval-card', 'incident-card'];

/**
 * Adds one line per audit event (approved by, executed, failed with the error,
 * granted until, revoked, ...) to the thread of every channel copy of the card, in
 * chain order, each at most once per thread: the line's slot is keyed by the event's
 * audit `seq`.
 */
export async function postThreadLines(
  notification: Notification,
  events: readonly AuditRecord[],
): Promise<void> {
  for (const { seq, event } of events) {
    const line = eventLine(event);
    if (line !== undefined) await postInThreads(notification, `seq:${seq}`, line);
  }
}

/** Posts `line` once into the thread of every channel copy of the card, under the slot `key`. */
export async function postInThreads(
  notification: Notification,
  key: string,
  line: PersonText,
): Promise<void> {
  const { chat, ledger } = notification;
  for (const card of ledger.copies(chat.platform, THREADED_ROLES)) {
    const slot = { platform: chat.platform, channel: card.channel, role: 'thread-line' as const, key };
    if (ledger.posted(slot) !== undefined) continue;
    await unlessUnreachable(notification, 'post in this card thread', card.channel, () =>
      ledger.postOnce(
        slot,
        () => chat.post(card.channel, { kind: 'line', text: line }, card.messageId),
        (id) => chat.remove(card.channel, id),
      ),
    );
  }
}
