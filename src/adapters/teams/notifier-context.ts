import type { Logger } from 'pino';
import { buildApprovalCard } from '../../core/cards/build-approval-card.ts';
import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { MessageRef } from '../../core/ports/message-ref.ts';
import type { RequestStore } from '../../core/ports/request-store.ts';
import { threadOf, type TeamsConnector } from './connector.ts';
import type { ConversationStore, StoredConversation } from './conversation-store.ts';
import type { AdaptiveCard } from './render/adaptive-card.ts';
import { renderCard } from './render/render-card.ts';

/** What the Teams notifier's parts share for one notification. */
export interface NotifierContext {
  readonly connector: TeamsConnector;
  readonly conversations: ConversationStore;
  readonly store: RequestStore;
  readonly clock: Clock;
  /** Already bound to the request (`requestId` in every line). */
  readonly logger: Logger;
}

/** The request's card as an Adaptive Card, as it stands now. */
export function cardOf(context: NotifierContext, record: RequestRecord): AdaptiveCard {
  return renderCard(buildApprovalCard(record, context.clock.now()));
}

/**
 * Where a recorded message lives: the stored conversation (for its service URL) and
 * the conversation ID its updates and replies use — a channel post's own thread, or
 * the chat itself. Undefined (and logged) when the conversation is no longer known,
 * e.g. the app was removed from the team.
 */
export async function locate(
  context: NotifierContext,
  ref: Pick<MessageRef, 'channel'>,
  activityId: string,
): Promise<{ target: StoredConversation; conversationId: string } | undefined> {
  const target = await context.conversations.get(ref.channel);
  if (!target) {
    context.logger.warn(
      { channel: ref.channel },
      'Teams conversation no longer known; its message is left as it is',
    );
    return undefined;
  }
  const conversationId =
    target.kind === 'channel' ? threadOf(target.conversationId, activityId) : target.conversationId;
  return { target, conversationId };
}
