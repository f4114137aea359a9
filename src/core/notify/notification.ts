import { buildApprovalCard } from '../cards/build-approval-card.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { ChatMessage, ChatPort } from '../ports/chat.ts';
import type { Clock } from '../ports/clock.ts';
import type { Log } from '../ports/log.ts';
import type { RequestStore } from '../ports/request-store.ts';
import type { MessageLedger } from './message-ledger.ts';

/** What the parts of one notification share: one platform's chat, the request's ledger, the store, the clock. */
export interface Notification {
  readonly chat: ChatPort;
  readonly ledger: MessageLedger;
  readonly store: RequestStore;
  readonly clock: Clock;
  /** Already bound to the request and platform. */
  readonly log: Log;
  /** The platform user ID of a Kubernetes username, for requesters who filed from kubectl. */
  readonly chatUserOf?: (username: string) => string | undefined;
}

/** The request's card as it stands now, as a chat message. */
export function cardMessage(notification: Notification, record: RequestRecord): ChatMessage {
  return { kind: 'card', card: buildApprovalCard(record, notification.clock.now()) };
}

/**
 * Runs `send`, logging and swallowing a refusal the platform will never take back
 * (the channel is gone, the bot is not in it) so the other messages still go out;
 * resolves to false then. Anything else is thrown for the queue to retry.
 */
export async function unlessUnreachable(
  notification: Notification,
  what: string,
  channel: string,
  send: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    if (!notification.chat.isUnreachable(error)) throw error;
    notification.log.warn({ err: error, channel }, `cannot ${what}`);
    return false;
  }
}
