import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { ChatMessage } from '../ports/chat.ts';
import type { MessageRef, MessageRole } from '../ports/message-ref.ts';
import type { CardTarget } from './card-targets.ts';
import { reminderMessage } from './expiry-reminder.ts';
import { cardMessage, unlessUnreachable, type Notification } from './notification.ts';

/**
 * Every message that shows the card and so follows each change: channel cards, the
 * grantee's direct-message card, and expiry reminders (whose buttons must not outlive
 * the grant).
 */
export const CARD_ROLES: readonly MessageRole[] = [
  'approval-card',
  'incident-card',
  'grant-card',
  'reminder-card',
];

/** How many times one notification re-renders when the request keeps changing under it. */
const MAX_ROUNDS = 5;

/** A posted copy, as a key of the set of copies that already show a given version. */
export const copyKey = (ref: Pick<MessageRef, 'role' | 'channel' | 'key'>): string =>
  `${ref.role} ${ref.channel} ${ref.key}`;

/**
 * Posts the card into every target channel that has none yet, recording each copy.
 * Resolves to the copies posted now: they already show `record`.
 */
export async function postMissingCards(
  notification: Notification,
  record: RequestRecord,
  targets: readonly CardTarget[],
): Promise<Set<string>> {
  const { chat, ledger } = notification;
  const fresh = new Set<string>();
  const message = cardMessage(notification, record);
  for (const { channel, role } of targets) {
    const slot = { platform: chat.platform, channel, role, key: '' };
    if (ledger.posted(slot) !== undefined) continue;
    await unlessUnreachable(notification, 'post the card in this channel', channel, async () => {
      const { fresh: posted } = await ledger.postOnce(
        slot,
        () => chat.post(channel, message),
        (id) => chat.remove(channel, id),
      );
      if (posted) fresh.add(copyKey(slot));
    });
  }
  return fresh;
}

/** The message a copy with `role` shows for `record`. */
export function copyMessage(
  notification: Notification,
  record: RequestRecord,
  role: MessageRole,
): ChatMessage {
  return role === 'reminder-card' ? reminderMessage(notification, record) : cardMessage(notification, record);
}

/**
 * Brings every recorded copy of the card up to the request's current state, except
 * those in `fresh` (posted at this version a moment ago: updating them again would only
 * spend the platform's rate limit). After updating it reads the request again: if it
 * moved on meanwhile, it renders and updates again, so when notifications race the
 * last writer always leaves the newest state. Resolves to the record last rendered.
 */
export async function refreshCards(
  notification: Notification,
  record: RequestRecord,
  fresh: ReadonlySet<string>,
): Promise<RequestRecord> {
  const { chat, ledger, store } = notification;
  let current = record;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    for (const copy of ledger.copies(chat.platform, CARD_ROLES)) {
      if (round === 1 && fresh.has(copyKey(copy))) continue;
      const message = copyMessage(notification, current, copy.role);
      await unlessUnreachable(notification, 'update this copy of the card', copy.channel, () =>
        chat.update(copy.channel, copy.messageId, message),
      );
    }
    const latest = await store.get(current.id);
    if (!latest || latest.version <= current.version) return current;
    current = latest;
    await ledger.load();
  }
  return current;
}
