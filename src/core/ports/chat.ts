import type { ApprovalCard } from '../cards/approval-card.ts';
import type { PersonText } from '../cards/person-text.ts';
import type { Platform } from './identity.ts';

/**
 * What Countersign says in a chat message, before any platform renders it: a copy of
 * the request's card (optionally under a one-line notice, e.g. an expiry reminder), or
 * one line (a thread line, a direct message) that may name people, each of whom the
 * chat client names by the display rule. Text is plain and may be hostile: each chat
 * client escapes it for its platform.
 */
export type ChatMessage =
  | { readonly kind: 'card'; readonly card: ApprovalCard; readonly notice?: string }
  | { readonly kind: 'line'; readonly text: PersonText };

/**
 * One chat platform as the core's notifications see it, implemented once per platform
 * (`slack-chat.ts`, `teams-chat.ts`). Channels and messages are the platform's own IDs,
 * opaque to the core. A refusal a retry cannot change (the channel or message is gone,
 * the bot may not post there) is thrown as an error {@link ChatPort.isUnreachable}
 * recognises; anything else is transient and left to the job queue's retries.
 */
export interface ChatPort {
  readonly platform: Exclude<Platform, 'web' | 'kubectl'>;
  /** The ID of a channel named by policy (`#prod-approvals`, a bare name, or an ID), or undefined when the bot knows no such channel. */
  resolveChannel(nameOrId: string): Promise<string | undefined>;
  /** The bot's direct conversation with a person (by platform user ID), or undefined when the platform offers none yet. */
  openDirect(platformUserId: string): Promise<string | undefined>;
  /** Posts `message` in `channel`, as a reply under the message `threadOf` when given; resolves to the new message's ID. */
  post(channel: string, message: ChatMessage, threadOf?: string): Promise<string>;
  /** Replaces a message the bot posted. */
  update(channel: string, messageId: string, message: ChatMessage): Promise<void>;
  /** Deletes a message the bot posted. */
  remove(channel: string, messageId: string): Promise<void>;
  /** True when `error` says the channel or message cannot be reached, so retrying is pointless. */
  isUnreachable(error: unknown): boolean;
}
