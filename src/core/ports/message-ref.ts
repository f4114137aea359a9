import type { Platform } from './identity.ts';

/**
 * A chat message Countersign posted for a request (a card or a thread line), kept so
 * every copy of the card can be updated when the request changes.
 */
export interface MessageRef {
  readonly platform: Platform;
  /** Channel or conversation ID. */
  readonly channel: string;
  /**
   * Platform message ID (Slack `ts`, Teams activity ID, console card ID). For
   * `thread-line` and `direct-message` refs a surface may prefix it with the key of
   * what the message said (e.g. the audit `seq`), so a repeated notification can tell
   * it was already sent.
   */
  readonly messageId: string;
  /**
   * What the message is: a copy of the card (in an approval channel, the incident
   * channel, the requester's confirmation, the grantee's direct message), one line in
   * a card's thread, or a direct message to a person.
   */
  readonly role:
    'approval-card' | 'requester-card' | 'incident-card' | 'grant-card' | 'thread-line' | 'direct-message';
}
