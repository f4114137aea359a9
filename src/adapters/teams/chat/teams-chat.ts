import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { CountersignError } from '../../../core/errors.ts';
import type { ChatMessage, ChatPort } from '../../../core/ports/chat.ts';
import type { ConversationStore, StoredConversation } from './conversation-store.ts';
import { textBlock, type AdaptiveCard } from '../render/adaptive-card.ts';
import { cardActivity } from '../render/card-activity.ts';
import { escapeCardText } from '../render/escape-card-text.ts';
import { renderCard } from '../render/render-card.ts';
import { renderThreadLine } from '../render/render-thread-line.ts';

const CONNECTOR_TIMEOUT_MS = 15_000;

/** The Bot Connector left a call unanswered past its time limit; the queue retries it. */
export class ConnectorTimeoutError extends CountersignError {
  constructor(operation: string, timeoutMs: number, cause: unknown) {
    super(
      'teams_connector_timeout',
      `the Bot Connector did not answer ${operation} within ${timeoutMs / 1000} s`,
      { cause },
    );
  }
}

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
  return { ...card, body: [textBlock(notice, { id: 'reminder', weight: 'bolder' }), ...card.body] };
}

/**
 * Teams behind the core's {@link ChatPort}, through the Bot Connector for the
 * conversations captured at installation: a channel by ID or by a name exactly one
 * known channel has; a person's personal chat with the bot (once they installed it or
 * spoke to it). A channel card starts its own reply thread. Calls carry the bot's token
 * (CloudAdapter); the SDK retries 429 and 5xx, and each call is cut off after
 * `timeoutMs`. 403, 404 or an unknown conversation is unreachable; the rest transient.
 */
export class TeamsChat implements ChatPort {
  readonly platform = 'teams' as const;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly conversations: ConversationStore,
    private readonly timeoutMs = CONNECTOR_TIMEOUT_MS,
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
    if (threadOfId !== undefined || target.kind !== 'channel') {
      const sent = await this.call(target, 'sendToConversation', (api, options) =>
        api.sendToConversation(conversationOf(target, threadOfId), activity, options),
      );
      if (!sent.id) throw new Error('the Bot Connector accepted a message without returning its ID');
      return sent.id;
    }
    const created = await this.call(target, 'createConversation', (api, options) =>
      api.createConversation(
        {
          isGroup: true,
          bot: { id: target.bot.id, name: target.bot.name ?? '' },
          channelData: {
            channel: { id: target.conversationId },
            ...(target.tenantId ? { tenant: { id: target.tenantId } } : {}),
          },
          ...(target.tenantId ? { tenantId: target.tenantId } : {}),
          activity: activity as Activity,
        },
        options,
      ),
    );
    const activityId = created.activityId ?? /;messageid=(.+)$/.exec(created.id ?? '')?.[1];
    if (!activityId) throw new Error('the Bot Connector created a channel post without an activity ID');
    return activityId;
  }

  async update(channel: string, activityId: string, message: ChatMessage): Promise<void> {
    const target = await this.known(channel);
    const id = conversationOf(target, activityId);
    const conversation = { id, isGroup: target.kind !== 'personal', name: '', conversationType: '' };
    const activity = { ...cardActivity(teamsCard(message)), id: activityId, conversation };
    await this.call(target, 'updateActivity', (api, options) =>
      api.updateActivity(id, activityId, activity, options),
    );
  }

  async remove(channel: string, activityId: string): Promise<void> {
    const target = await this.known(channel);
    await this.call(target, 'deleteActivity', (api, options) =>
      api.deleteActivity(conversationOf(target, activityId), activityId, options),
    );
  }

  isUnreachable(error: unknown): boolean {
    const status = (error as { statusCode?: unknown } | null)?.statusCode;
    return error instanceof UnknownConversationError || status === 403 || status === 404;
  }

  private async known(channel: string): Promise<StoredConversation> {
    const target = await this.conversations.get(channel);
    if (!target) throw new UnknownConversationError(channel);
    return target;
  }

  /** Runs one Bot Connector call in `target`'s proactive turn, cut off after the time limit ({@link ConnectorTimeoutError}). */
  private async call<T>(
    target: StoredConversation,
    operation: string,
    run: (api: ConnectorClient['conversations'], options: { timeout: number }) => Promise<T>,
  ): Promise<T> {
    let result: { value: T } | undefined;
    await this.adapter.continueConversationAsync(this.appId, referenceOf(target), async (context) => {
      const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      try {
        result = { value: await run(client.conversations, { timeout: this.timeoutMs }) };
      } catch (error) {
        if (!(error instanceof Error && error.name === 'AbortError')) throw error;
        throw new ConnectorTimeoutError(operation, this.timeoutMs, error);
      }
    });
    if (!result) throw new Error('the Teams adapter did not run the proactive call');
    return result.value;
  }
}

/** A channel post's own thread, where its replies and updates go; a chat (or a channel itself) is its own conversation. */
function conversationOf(target: StoredConversation, rootActivityId: string | undefined): string {
  return target.kind === 'channel' && rootActivityId !== undefined
    ? `${target.conversationId};messageid=${rootActivityId}`
    : target.conversationId;
}

/** A stored conversation as the SDK's conversation reference. */
function referenceOf(target: StoredConversation): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: target.serviceUrl,
    bot: { id: target.bot.id, name: target.bot.name ?? '' },
    conversation: {
      id: target.conversationId,
      isGroup: target.kind !== 'personal',
      conversationType: target.kind,
      name: target.name ?? '',
      ...(target.tenantId ? { tenantId: target.tenantId } : {}),
    },
    ...(target.user ? { user: { id: target.user.id, name: '', aadObjectId: target.user.aadObjectId } } : {}),
  };
}
