import { LRUCache } from 'lru-cache';
import type { ChatMessage, ChatPort } from '../../../core/ports/chat.ts';
import { ChannelDirectory } from './channel-directory.ts';
import { sectionBlock, type SlackMessage } from '../render/block-kit.ts';
import { escapeSlackText } from '../render/escape-mrkdwn.ts';
import { renderCard } from '../render/render-card.ts';
import { renderThreadLine } from '../render/render-thread-line.ts';
import { SLACK_LIMITS } from '../render/slack-limits.ts';
import { slackErrorCode } from './slack-error-code.ts';
import type { SlackClient } from './slack-web-client.ts';

/**
 * Refusals that name a channel Countersign cannot post in or a message that is gone
 * (archived, deleted, the bot not invited): retrying cannot help.
 */
const UNREACHABLE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'message_not_found',
  'cant_update_message',
  'cant_delete_message',
  'restricted_action',
  'user_not_found',
  'cannot_dm_bot',
]);

const DM_CACHE_LIMIT = 5_000;

/** A neutral chat message as Block Kit: the card (under its notice, if any) or one escaped line. */
export function slackMessage(message: ChatMessage): SlackMessage {
  if (message.kind === 'line') return renderThreadLine(message.text);
  const card = renderCard(message.card);
  if (message.notice === undefined) return card;
  const notice = escapeSlackText(message.notice, { maxLines: 1 });
  return {
    text: notice,
    blocks: [sectionBlock(`:alarm_clock: ${notice}`, { blockId: 'reminder' }), ...card.blocks].slice(
      0,
      SLACK_LIMITS.messageBlocks,
    ),
  };
}

/** Slack behind the core's {@link ChatPort}, on the Web API; DM channel IDs, which never change, are kept (bounded). */
export class SlackChat implements ChatPort {
  readonly platform = 'slack' as const;
  private readonly channels: ChannelDirectory;
  private readonly directs = new LRUCache<string, string>({ max: DM_CACHE_LIMIT });

  constructor(private readonly client: SlackClient) {
    this.channels = new ChannelDirectory(client);
  }

  resolveChannel(nameOrId: string): Promise<string | undefined> {
    return this.channels.resolve(nameOrId);
  }

  async openDirect(userId: string): Promise<string | undefined> {
    const known = this.directs.get(userId);
    if (known) return known;
    const answer = await this.client.conversations.open({ users: userId });
    const id = answer.channel?.id;
    if (!id) throw new Error(`conversations.open for ${userId} answered without a channel`);
    this.directs.set(userId, id);
    return id;
  }

  async post(channel: string, message: ChatMessage, threadOf?: string): Promise<string> {
    const { text, blocks } = slackMessage(message);
    const answer = await this.client.chat.postMessage({
      channel,
      text,
      blocks: [...blocks],
      unfurl_links: false,
      unfurl_media: false,
      ...(threadOf ? { thread_ts: threadOf } : {}),
    });
    if (!answer.ts) throw new Error(`chat.postMessage to ${channel} answered without a ts`);
    return answer.ts;
  }

  async update(channel: string, ts: string, message: ChatMessage): Promise<void> {
    const { text, blocks } = slackMessage(message);
    await this.client.chat.update({ channel, ts, text, blocks: [...blocks] });
  }

  async remove(channel: string, ts: string): Promise<void> {
    await this.client.chat.delete({ channel, ts });
  }

  isUnreachable(error: unknown): boolean {
    const code = slackErrorCode(error);
    return code !== undefined && UNREACHABLE.has(code);
  }
}
