import type { Platform } from './identity.ts';

/**
 * A chat message Countersign posted for a request (a card or a thread line), kept so
 * every copy of the card can be updated when the request changes.
 */
export interface MessageRef {
  readonly platform: Platform;
  /** Channel or conversation ID. */
  readonly channel: string;
  /** Platform message ID (Slack `ts`, Teams activity ID, console card ID). */
  readonly messageId: string;
  /** What the message is: the approval card, the requester's confirmation, or a grant notice. */
  readonly role: 'approval-card' | 'requester-card' | 'incident-card' | 'grant-card';
}
