import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { ConversationStore, StoredConversation } from '../teams/chat/conversation-store.ts';
import { storeKeys, type StoreKeys } from './keys.ts';

const conversationSchema = z.object({
  conversationId: z.string().min(1),
  kind: z.enum(['channel', 'personal', 'groupChat']),
  serviceUrl: z.string().min(1),
  tenantId: z.string().optional(),
  teamId: z.string().optional(),
  name: z.string().optional(),
  bot: z.object({ id: z.string(), name: z.string().optional() }),
  user: z.object({ id: z.string(), aadObjectId: z.string() }).optional(),
});

/**
 * {@link ConversationStore} on Redis, under the configured key prefix (names in
 * `store/keys.ts`): a hash of
 * conversation ID → JSON (`<prefix>:teams:conv`), a hash of Entra object ID → personal
 * conversation ID (`<prefix>:teams:personal`), one set of channel IDs per team
 * (`<prefix>:teams:team:<teamId>`) and per lower-cased channel name
 * (`<prefix>:teams:name:<name>`). A stored entry that no longer parses is treated as
 * absent. The caller owns the connection.
 */
export class RedisConversationStore implements ConversationStore {
  private readonly conversations: string;
  private readonly personal: string;
  private readonly keys: StoreKeys;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
  ) {
    this.keys = storeKeys(keyPrefix);
    this.conversations = this.keys.teamsConversations;
    this.personal = this.keys.teamsPersonalChats;
  }

  async save(conversation: StoredConversation): Promise<void> {
    const before = await this.get(conversation.conversationId);
    const multi = this.redis
      .multi()
      .hset(this.conversations, conversation.conversationId, JSON.stringify(conversation));
    if (before?.name && before.name !== conversation.name) {
      multi.srem(this.nameKey(before.name), conversation.conversationId);
    }
    if (conversation.kind === 'channel' && conversation.name) {
      multi.sadd(this.nameKey(conversation.name), conversation.conversationId);
    }
    if (conversation.kind === 'personal' && conversation.user) {
      multi.hset(this.personal, conversation.user.aadObjectId, conversation.conversationId);
    }
    if (conversation.teamId) multi.sadd(this.teamKey(conversation.teamId), conversation.conversationId);
    await multi.exec();
  }

  async get(conversationId: string): Promise<StoredConversation | undefined> {
    return this.decode(await this.redis.hget(this.conversations, conversationId));
  }

  async personalFor(aadObjectId: string): Promise<StoredConversation | undefined> {
    const id = await this.redis.hget(this.personal, aadObjectId);
    return id === null ? undefined : this.get(id);
  }

  async remove(conversationId: string): Promise<void> {
    const existing = await this.get(conversationId);
    const multi = this.redis.multi().hdel(this.conversations, conversationId);
    if (existing?.user) multi.hdel(this.personal, existing.user.aadObjectId);
    if (existing?.teamId) multi.srem(this.teamKey(existing.teamId), conversationId);
    if (existing?.name) multi.srem(this.nameKey(existing.name), conversationId);
    await multi.exec();
  }

  async removeTeam(teamId: string): Promise<void> {
    const ids = await this.redis.smembers(this.teamKey(teamId));
    for (const id of ids) await this.remove(id);
    await this.redis.del(this.teamKey(teamId));
  }

  async channelsNamed(name: string): Promise<StoredConversation[]> {
    const ids = await this.redis.smembers(this.nameKey(name));
    const found = await Promise.all(ids.sort().map((id) => this.get(id)));
    return found.filter(
      (c): c is StoredConversation => c?.kind === 'channel' && c.name?.toLowerCase() === name.toLowerCase(),
    );
  }

  private teamKey(teamId: string): string {
    return this.keys.teamsTeamChannels(teamId);
  }

  private nameKey(name: string): string {
    return this.keys.teamsChannelsNamed(name);
  }

  private decode(text: string | null): StoredConversation | undefined {
    if (text === null) return undefined;
    try {
      const parsed = conversationSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}
