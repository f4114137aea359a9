import type { ChatMessage, ChatPort } from '../../../core/ports/chat.ts';
import { CountersignError } from '../../../core/errors.ts';
import { cardActivity, isUnreachable, threadOf, type TeamsConnector } from './connector.ts';
import type { ConversationStore, StoredConversation } from './conversation-store.ts';
import { adaptiveCard, textBlock, type AdaptiveCard } from '../render/adaptive-card.ts';
import { escapeCardText } from '../render/escape-card-text.ts';
import { renderCard } from '../render/render-card.ts';
import { renderThreadLine } from '../render/render-thread-line.ts';

/** A conversation the bot no longer knows (the app was removed from it): as unreachable as a 404. */
export class UnknownConversationError extends CountersignError {
  constructor(conversationId: string) {
    super(
      'teams_unknown_conversation',
      `Teams conversation ${conversationId} is not known (is the app installed there?)`,
    );
  }
}

/** A neutral chat message as an Adaptive Card: the card (under its notice, if any) or one escaped line. */
export function teamsCard(message: ChatMessage): AdaptiveCard {
  if (message.kind === 'line') return renderThreadLine(message.text);
  const card = renderCard(message.card);
  if (message.notice === undefined) return card;
  const notice = escapeCardText(message.notice, { maxLines: 1, maxLength: 500 });
  return adaptiveCard(
    card.fallbackText,
    [textBlock(notice, { id: 'reminder', weight: 'bolder' }), ...card.body],
    card.actions,
  );
}

/**
 * Teams behind the core's {@link ChatPort}, through the Bot Connector for the
 * conversations captured at installation: a channel is named by ID or, where exactly
 * one known channel has it, by name; a person's direct conversation is their personal
 * chat with the bot (none until they installed the app or spoke to it). A card posted in
 * a channel starts its own reply thread, where its thread lines go and through which it
 * is updated.
 */
export class TeamsChat implements ChatPort {
  readonly platform = 'teams' as const;

  constructor(
    private readonly connector: TeamsConnector,
    private readonly conversations: ConversationStore,
  ) {}

  async resolveChannel(nameOrId: string): Promise<string | undefined> {
    const byId = await this.conversations.get(nameOrId.trim());
    if (byId) return byId.kind === 'personal' ? undefined : byId.conversationId;
    const named = await this.conversations.channelsNamed(nameOrId.trim().replace(/^#/, ''));
    return named.length === 1 ? named[0]?.conversationId : undefined;
  }

  async openDirect(aadObjectId: string): Promise<string | undefined> {
    return (await this.conversations.personalFor(aadObjectId))?.conversationId;
  }

  async post(channel: string, message: ChatMessage, threadOfId?: string): Promise<string> {
    const target = await this.known(channel);
    const activity = cardActivity(teamsCard(message));
    if (threadOfId === undefined) return (await this.connector.post(target, activity)).activityId;
    return this.connector.send(target, this.conversationOf(target, threadOfId), activity);
  }

  async update(channel: string, activityId: string, message: ChatMessage): Promise<void> {
    const target = await this.known(channel);
    const activity = cardActivity(teamsCard(message));
    await this.connector.update(target, this.conversationOf(target, activityId), activityId, activity);
  }

  async remove(channel: string, activityId: string): Promise<void> {
    const target = await this.known(channel);
    await this.connector.delete(target, this.conversationOf(target, activityId), activityId);
  }

  isUnreachable(error: unknown): boolean {
    return error instanceof UnknownConversationError || isUnreachable(error);
  }

  /** A channel post's own thread, where its replies and updates go; a chat is its own conversation. */
  private conversationOf(target: StoredConversation, rootActivityId: string): string {
    return target.kind === 'channel'
      ? threadOf(target.conversationId, rootActivityId)
      : target.conversationId;
  }

  private async known(channel: string): Promise<StoredConversation> {
    const target = await this.conversations.get(channel);
    if (!target) throw new UnknownConversationError(channel);
    return target;
  }
}
