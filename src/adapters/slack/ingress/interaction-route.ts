import type { BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ReplyRoute } from './private-reply.ts';
import type { SlackClient } from '../chat/slack-web-client.ts';

/**
 * Where to answer the person behind a button click: the click's `response_url` for
 * a button on a message, the channel as a fallback, a DM for App Home and modals.
 */
export function interactionRoute(
  body: BlockAction,
  client: SlackClient,
  respond: RespondFn | undefined,
  logger: Logger,
): ReplyRoute {
  const onMessage = body.container?.type === 'message' || body.container?.type === 'ephemeral';
  return {
    client,
    userId: body.user.id,
    logger,
    ...(respond && body.response_url && onMessage ? { respond } : {}),
    ...(body.channel?.id ? { channel: body.channel.id } : {}),
  };
}

/** The request ID a card button carries as its only value (`''` when missing, which no request has). */
export function requestIdOf(action: ButtonAction): string {
  return action.value ?? '';
}
