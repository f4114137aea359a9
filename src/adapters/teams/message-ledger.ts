import type { Logger } from 'pino';
import type { MessageRef } from '../../core/ports/message-ref.ts';
import type { RequestStore } from '../../core/ports/request-store.ts';

/** Roles of card copies; their refs carry the bare activity ID. Other roles are keyed lines. */
const CARD_ROLES: ReadonlySet<MessageRef['role']> = new Set([
  'approval-card',
  'requester-card',
  'incident-card',
  'grant-card',
]);

/** One message a request should have exactly once: where, what kind, and its key. */
export interface MessageSlot {
  /** Channel ID or chat conversation ID. */
  readonly channel: string;
  readonly role: MessageRef['role'];
  /** Prefix of the stored message ID before the activity ID (`seq:12:`); `''` for card copies. */
  readonly key: string;
}

/** The activity ID a stored ref points at (the message ID without its key). */
export function activityIdOf(ref: MessageRef, slot: Pick<MessageSlot, 'key'>): string {
  return ref.messageId.slice(slot.key.length);
}

function fills(ref: MessageRef, slot: MessageSlot): boolean {
  if (ref.platform !== 'teams' || ref.channel !== slot.channel || ref.role !== slot.role) return false;
  return CARD_ROLES.has(slot.role) || ref.messageId.startsWith(slot.key);
}

/**
 * The Teams messages of one request, as the store remembers them (platform `teams`),
 * and the rule that keeps each one single: a message is posted only when its slot is
 * empty, then recorded; if another notification filled the same slot meanwhile (two
 * notify jobs racing), the store's order decides who was first and the later message
 * is deleted again. A crash between posting and recording can leave one unrecorded
 * duplicate; nothing is ever lost.
 */
export class MessageLedger {
  private refs: MessageRef[] = [];

  constructor(
    private readonly requestId: string,
    private readonly store: RequestStore,
    private readonly logger: Logger,
  ) {}

  /** Reads what the store holds now. */
  async load(): Promise<this> {
    this.refs = await this.store.listMessages(this.requestId);
    return this;
  }

  /** The message filling `slot`, if any (the first recorded one). */
  find(slot: MessageSlot): MessageRef | undefined {
    return this.refs.find((ref) => fills(ref, slot));
  }

  /** Every recorded Teams card copy with one of `roles`, the first per conversation and role. */
  copies(roles: readonly MessageRef['role'][]): MessageRef[] {
    const seen = new Set<string>();
    return this.refs.filter((ref) => {
      if (ref.platform !== 'teams' || !roles.includes(ref.role) || !CARD_ROLES.has(ref.role)) return false;
      const id = `${ref.role} ${ref.channel}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }

  /**
   * Posts into `slot` unless it is filled; `post` returns the new activity's ID and
   * `remove` deletes it again if another notification won the slot meanwhile.
   * Resolves to the activity ID that fills the slot afterwards.
   */
  async postOnce(
    slot: MessageSlot,
    post: () => Promise<string>,
    remove: (activityId: string) => Promise<void>,
  ): Promise<string> {
    const existing = this.find(slot);
    if (existing) return activityIdOf(existing, slot);
    const activityId = await post();
    const ref: MessageRef = {
      platform: 'teams',
      channel: slot.channel,
      messageId: `${slot.key}${activityId}`,
      role: slot.role,
    };
    await this.store.addMessage(this.requestId, ref);
    await this.load();
    const winner = this.find(slot);
    if (winner && winner.messageId !== ref.messageId) {
      this.logger.info(
        { channel: slot.channel, activityId },
        'another notification posted this message first; deleting ours',
      );
      await remove(activityId).catch((error: unknown) => {
        this.logger.warn(
          { err: error, channel: slot.channel, activityId },
          'could not delete a duplicate message',
        );
      });
      return activityIdOf(winner, slot);
    }
    return activityId;
  }
}
