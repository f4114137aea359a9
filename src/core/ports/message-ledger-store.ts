import type { MessageRef, MessageSlot } from './message-ref.ts';

/** What a claim on a message slot found. */
export type ClaimOutcome =
  /** The slot is this claimant's to post into. */
  | { readonly kind: 'won' }
  /** A message already fills the slot. */
  | { readonly kind: 'posted'; readonly messageId: string }
  /** Another notification claimed the slot recently and has not recorded its message yet. */
  | { readonly kind: 'busy' };

/**
 * Where a request's chat messages are remembered, and the one atomic step that makes
 * each of them exactly once: claim a slot before posting into it. Shared by every
 * replica (Redis in production).
 */
export interface MessageLedgerStore {
  /**
   * Claims `slot` for `token` unless a message fills it or another claim made after
   * `staleBefore` (ms) holds it; a claim older than that was abandoned by a poster that
   * died, and is taken over. `at` is when this claim is made.
   */
  claimMessage(
    requestId: string,
    slot: MessageSlot,
    claim: { readonly token: string; readonly at: number; readonly staleBefore: number },
  ): Promise<ClaimOutcome>;
  /**
   * Records the message posted into `slot`. Resolves to the message that fills the slot
   * afterwards: `messageId` itself, or an earlier one when another poster took over this
   * claim after it went stale and recorded first (the caller then removes its own).
   */
  recordMessage(requestId: string, slot: MessageSlot, messageId: string): Promise<string>;
  /** Every message posted for the request, in the order they were recorded (claims are not messages). */
  listMessages(requestId: string): Promise<MessageRef[]>;
}
