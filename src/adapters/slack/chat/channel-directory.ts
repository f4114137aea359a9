import type { SlackClient } from './slack-web-client.ts';

const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;
const FRESH_MS = 60_000;
/** After a miss, the list is read again only if it is older than this, so a typo cannot hammer Slack. */
const MISS_REFRESH_MS = 10_000;

/**
 * Finds the ID of a channel policy names (`#name`, `name`, or an ID used as given) in
 * conversations.list (scopes `channels:read`, `groups:read`), cached for a minute and
 * re-read on a miss.
 */
export class ChannelDirectory {
  private byName = new Map<string, string>();
  private readAt: number | undefined;

  constructor(
    private readonly client: SlackClient,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The channel's ID, or undefined when no channel the bot can see has that name. */
  async resolve(nameOrId: string): Promise<string | undefined> {
    const trimmed = nameOrId.trim();
    if (CHANNEL_ID.test(trimmed)) return trimmed;
    const name = trimmed.replace(/^#/, '').toLowerCase();
    const age = this.readAt === undefined ? Infinity : this.now() - this.readAt;
    if (age > FRESH_MS || (!this.byName.has(name) && age > MISS_REFRESH_MS)) await this.read();
    return this.byName.get(name);
  }

  private async read(): Promise<void> {
    const names = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await this.client.conversations.list({
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      });
      for (const channel of page.channels ?? []) {
        if (channel.name && channel.id) names.set(channel.name.toLowerCase(), channel.id);
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    this.byName = names;
    this.readAt = this.now();
  }
}
