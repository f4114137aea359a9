import type { SlackClient } from './slack-web-client.ts';

const CACHE_LIMIT = 5_000;

/**
 * The bot's direct-message channel with each person (conversations.open, scope
 * `im:write`). A DM channel's ID never changes for a pair, so IDs are kept for the
 * life of the process (bounded).
 */
export class DirectChannels {
  private readonly ids = new Map<string, string>();

  constructor(private readonly client: SlackClient) {}

  /** The DM channel ID with Slack user `userId`, opening it if needed. */
  async with(userId: string): Promise<string> {
    const known = this.ids.get(userId);
    if (known) return known;
    const answer = await this.client.conversations.open({ users: userId });
    const id = answer.channel?.id;
    if (!id) throw new Error(`conversations.open for ${userId} answered without a channel`);
    if (this.ids.size >= CACHE_LIMIT) this.ids.clear();
    this.ids.set(userId, id);
    return id;
  }
}
