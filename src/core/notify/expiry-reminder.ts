import { formatCardTime } from '../cards/format-time.ts';
import { requestTitle } from '../cards/request-title.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { ChatMessage } from '../ports/chat.ts';
import { formatDuration } from '../requests/duration.ts';
import { directWith } from './requester-messages.ts';
import { cardMessage, unlessUnreachable, type Notification } from './notification.ts';
import { postInThreads } from './thread-lines.ts';

const secondsLeft = (notification: Notification, expiresAt: number): number =>
  Math.max(0, Math.ceil((expiresAt - notification.clock.now()) / 1000));

/**
 * The reminder as the grantee sees it: the card under a line saying how long is left,
 * while the grant is in force; once it ended, the card alone (which then says so and
 * carries no buttons).
 */
export function reminderMessage(notification: Notification, record: RequestRecord): ChatMessage {
  const card = cardMessage(notification, record);
  if (card.kind !== 'card' || record.state !== 'active' || !record.grant) return card;
  const left = formatDuration(secondsLeft(notification, record.grant.expiresAt));
  const notice = `Your ${requestTitle(record.request)} (${record.id}) ends in ${left}. Extend it or give it back now:`;
  return { ...card, notice };
}

/**
 * Reminds about a grant that ends soon: a line in the thread of every channel copy of
 * the card, and the card with Extend and Revoke in the grantee's direct conversation
 * (a copy that then follows every change like the others). Once per grant end time:
 * an extension earns a new reminder. Nothing once the grant has ended.
 */
export async function remindExpiry(notification: Notification, record: RequestRecord): Promise<void> {
  const grant = record.grant;
  if (record.state !== 'active' || !grant) return;
  const { chat, ledger } = notification;
  const key = `remind:${grant.expiresAt}`;
  const left = formatDuration(secondsLeft(notification, grant.expiresAt));
  await postInThreads(notification, key, [`Access ends at ${formatCardTime(grant.expiresAt)} (in ${left}).`]);
  const channel = await directWith(notification, record);
  if (channel === undefined) return;
  const slot = { platform: chat.platform, channel, role: 'reminder-card' as const, key };
  const message = reminderMessage(notification, record);
  await unlessUnreachable(notification, 'remind the grantee', channel, () =>
    ledger.postOnce(
      slot,
      () => chat.post(channel, message),
      (id) => chat.remove(channel, id),
    ),
  );
}
