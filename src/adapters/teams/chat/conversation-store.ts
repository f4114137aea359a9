/** A Teams conversation Countersign may post in, captured at installation (or when a person spoke to it). */
export interface StoredConversation {
  /** The channel ID (`19:…@thread.tacv2`) or the personal chat's conversation ID. */
  readonly conversationId: string;
  readonly kind: 'channel' | 'personal' | 'groupChat';
  /** The Bot Connector endpoint for this conversation's region. */
  readonly serviceUrl: string;
  readonly tenantId?: string;
  /** The team a channel belongs to. */
  readonly teamId?: string;
  /** Channel name as Teams gave it (the General channel has none). */
  readonly name?: string;
  /** The bot's own account in the conversation. */
  readonly bot: { readonly id: string; readonly name?: string };
  /** The person of a personal chat. */
  readonly user?: { readonly id: string; readonly aadObjectId: string };
}

/**
 * Captured conversations, shared by every replica: by ID, by a personal chat's person, by
 * team (uninstalling forgets its channels) and by channel name.
 */
export interface ConversationStore {
  /** Remembers (or refreshes) a conversation. */
  save(conversation: StoredConversation): Promise<void>;
  get(conversationId: string): Promise<StoredConversation | undefined>;
  /** The personal chat with the person whose Entra object ID this is. */
  personalFor(aadObjectId: string): Promise<StoredConversation | undefined>;
  /** Forgets a conversation (the app was removed from it, the channel deleted). */
  remove(conversationId: string): Promise<void>;
  /** Forgets every channel of a team. */
  removeTeam(teamId: string): Promise<void>;
  /** Channels whose name is `name` (case-insensitive), in any team the app is installed in. */
  channelsNamed(name: string): Promise<StoredConversation[]>;
}
