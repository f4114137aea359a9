import {
  ActivityTypes,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { CountersignError } from '../../../core/errors.ts';
import type { StoredConversation } from './conversation-store.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from '../render/adaptive-card.ts';
import { plainCardText } from '../render/escape-card-text.ts';

/** A card as a Teams message activity; `summary` is what notifications show, plain text. */
export function cardActivity(card: AdaptiveCard): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    summary: plainCardText(card.fallbackText, 200),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
  };
}

/** The conversation of a channel post's reply thread. */
export function threadOf(channelId: string, rootActivityId: string): string {
  return `${channelId};messageid=${rootActivityId}`;
}

/**
 * True for a Bot Connector refusal that retrying cannot fix: the conversation or
 * message is gone (404) or the bot may no longer post there (403: removed from the
 * team, blocked by the person). Anything else is treated as transient.
 */
export function isUnreachable(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return status === 403 || status === 404;
}

/** How long one Bot Connector call may go unanswered before it fails. */
export const CONNECTOR_TIMEOUT_MS = 15_000;

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

/**
 * Proactive calls to the Bot Connector for conversations captured earlier, through
 * the CloudAdapter (so every call carries the bot's token for the conversation's
 * service URL): start a thread in a channel, post, update and delete messages.
 * The SDK's pipeline retries throttling (429 after its `Retry-After`) and server
 * errors (5xx, with backoff) up to three times; each call is cut off after
 * `timeoutMs` ({@link ConnectorTimeoutError}). Errors propagate; see {@link isUnreachable}.
 */
export class TeamsConnector {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly timeoutMs = CONNECTOR_TIMEOUT_MS,
  ) {}

  /**
   * Posts a new message in a conversation: a channel post that starts its own reply
   * thread, or a message in a personal or group chat. Resolves to the message's
   * activity ID and the conversation its replies and updates go to.
   */
  async post(
    target: StoredConversation,
    activity: Partial<Activity>,
  ): Promise<{ activityId: string; conversationId: string }> {
    if (target.kind !== 'channel') {
      const activityId = await this.send(target, target.conversationId, activity);
      return { activityId, conversationId: target.conversationId };
    }
    return this.withClient(target, async (client) => {
      const created = await this.bounded('createConversation', (timeout) =>
        client.conversations.createConversation(
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
          { timeout },
        ),
      );
      const activityId = created.activityId ?? /;messageid=(.+)$/.exec(created.id ?? '')?.[1];
      if (!activityId) throw new Error('the Bot Connector created a channel post without an activity ID');
      return { activityId, conversationId: threadOf(target.conversationId, activityId) };
    });
  }

  /** Sends a message into `conversationId` (a chat, or a channel post's thread); resolves to its activity ID. */
  async send(
    target: StoredConversation,
    conversationId: string,
    activity: Partial<Activity>,
  ): Promise<string> {
    return this.withClient(target, async (client) => {
      const sent = await this.bounded('sendToConversation', (timeout) =>
        client.conversations.sendToConversation(conversationId, activity, { timeout }),
      );
      if (!sent.id) throw new Error('the Bot Connector accepted a message without returning its ID');
      return sent.id;
    });
  }

  /** Replaces a message the bot posted. */
  async update(
    target: StoredConversation,
    conversationId: string,
    activityId: string,
    activity: Partial<Activity>,
  ): Promise<void> {
    await this.withClient(target, (client) =>
      this.bounded('updateActivity', (timeout) =>
        client.conversations.updateActivity(
          conversationId,
          activityId,
          {
            ...activity,
            id: activityId,
            conversation: {
              id: conversationId,
              isGroup: target.kind !== 'personal',
              name: '',
              conversationType: '',
            },
          },
          { timeout },
        ),
      ),
    );
  }

  /** Deletes a message the bot posted. */
  async delete(target: StoredConversation, conversationId: string, activityId: string): Promise<void> {
    await this.withClient(target, (client) =>
      this.bounded('deleteActivity', (timeout) =>
        client.conversations.deleteActivity(conversationId, activityId, { timeout }),
      ),
    );
  }

  /** Runs one SDK call with the time limit, naming the operation when the limit cut it off. */
  private async bounded<T>(operation: string, call: (timeoutMs: number) => Promise<T>): Promise<T> {
    try {
      return await call(this.timeoutMs);
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') {
        throw new ConnectorTimeoutError(operation, this.timeoutMs, error);
      }
      throw error;
    }
  }

  private async withClient<T>(
    target: StoredConversation,
    call: (client: ConnectorClient) => Promise<T>,
  ): Promise<T> {
    let result: { value: T } | undefined;
    await this.adapter.continueConversationAsync(
      this.appId,
      referenceOf(target),
      async (context: TurnContext) => {
        const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
        result = { value: await call(client) };
      },
    );
    if (!result) throw new Error('the Teams adapter did not run the proactive call');
    return result.value;
  }
}

/** A stored conversation as the SDK's conversation reference. */
export function referenceOf(target: StoredConversation): Partial<ConversationReference> {
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
