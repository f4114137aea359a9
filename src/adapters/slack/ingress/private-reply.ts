import type { BlockAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackMessage } from '../render/block-kit.ts';
import type { SlackClient } from '../chat/slack-web-client.ts';
import { userMessageFor } from '../render/user-message-for.ts';
import { responseUrlPost } from './response-url-post.ts';

/** Where a reply only the person should see can go, most direct first. */
export interface ReplyRoute {
  readonly client: SlackClient;
  readonly userId: string;
  /** The interaction's `response_url` (slash commands, message buttons). */
  readonly respond?: (
    message: SlackMessage & { response_type: 'ephemeral'; replace_original: false },
  ) => Promise<unknown>;
  /** A channel the person is looking at (chat.postEphemeral). */
  readonly channel?: string;
  readonly logger: Logger;
}

/**
 * Where to answer the person behind a button click: the click's `response_url` for
 * a button on a message (posted by {@link responseUrlPost}), the channel as a fallback, a DM for App Home and modals.
 */
export function interactionRoute(body: BlockAction, client: SlackClient, logger: Logger): ReplyRoute {
  const onMessage = body.container?.type === 'message' || body.container?.type === 'ephemeral';
  return {
    client,
    userId: body.user.id,
    logger,
    ...(body.response_url && onMessage ? { respond: responseUrlPost(body.response_url) } : {}),
    ...(body.channel?.id ? { channel: body.channel.id } : {}),
  };
}

/**
 * Tells one person what `work` answers (or what went wrong instead), nobody else: by
 * `response_url`, else ephemeral in their channel, else by DM; a failure to reply is
 * logged, not thrown.
 */
export async function answerPrivately(
  route: ReplyRoute,
  work: () => Promise<SlackMessage | undefined>,
): Promise<void> {
  const message = await work().catch((error: unknown) => userMessageFor(error, route.logger));
  if (!message) return;
  const body = { text: message.text, blocks: [...message.blocks] };
  try {
    if (route.respond) {
      await route.respond({ ...body, response_type: 'ephemeral', replace_original: false });
      return;
    }
    if (route.channel) {
      try {
        await route.client.chat.postEphemeral({ ...body, channel: route.channel, user: route.userId });
        return;
      } catch (error) {
        route.logger.info({ err: error, channel: route.channel }, 'ephemeral reply failed; sending a DM');
      }
    }
    const opened = await route.client.conversations.open({ users: route.userId });
    if (!opened.channel?.id) throw new Error('conversations.open answered without a channel');
    await route.client.chat.postMessage({ ...body, channel: opened.channel.id });
  } catch (error) {
    route.logger.warn({ err: error, user: route.userId }, 'could not reply to the person');
  }
}
