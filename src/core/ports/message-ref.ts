import type { Platform } from './identity.ts';

/**
 * A chat message Countersign posted for a request (a card or a thread line), kept so
 * every copy of the card can be updated when the request changes.
 */
export interface MessageRef {
  readonly platform: Platform;
  /** Channel or conversation ID. */
  readonly channel: string;
  /** Platform message ID (Slack `ts`, Teams activity ID). */
  readonly messageId: string;
  /**
   * What the message is: a copy of the card (in an approval channel, the incident
   * channel, the grantee's direct message, an expiry reminder with the card), one line
   * in a card's thread, or a line in a direct message to a person.
   */
  readonly role: MessageRole;
  /**
   * What a line said, so a repeated notification can tell it was already sent (the
   * audit `seq` of its event, `remind:<expiresAt>` for a reminder); `''` for a card copy.
   */
  readonly key: string;
}

/** The kinds of message a request has; see {@link MessageRef.role}. */
export type MessageRole =
  'approval-card' | 'incident-card' | 'grant-card' | 'reminder-card' | 'thread-line' | 'direct-message';

/** One message a request should have exactly once: its platform, channel, kind and key. */
export type MessageSlot = Omit<MessageRef, 'messageId'>;
