import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { CountersignError } from '../../core/errors.ts';
import type { MessageRef } from '../../core/ports/message-ref.ts';
import type { RequestStore } from '../../core/ports/request-store.ts';

/** One message a request should have exactly once: where, what kind, and its key. */
export interface MessageSlot {
  readonly channel: string;
  readonly role: MessageRef['role'];
  /** Prefix of the stored message ID before the `ts` (`seq:12:`); `''` for cards, whose ID is the bare `ts`. */
  readonly key: string;
}

const CLAIM = 'claim:';
/** A claim older than this with no message behind it was abandoned (its poster died); another may claim. */
const CLAIM_STALE_MS = 60_000;
/** How long to wait for another notification to finish posting into a slot it claimed. */
const WAIT_FOR_CLAIM_MS = 5_000;
const POLL_MS = 150;

/** A slot another notification claimed and has not filled yet; the queue retries the job. */
export class SlotBusyError extends CountersignError {
  constructor(slot: MessageSlot) {
    super('slack_slot_busy', `another notification is posting ${slot.role} ${slot.key} in ${slot.channel}`);
  }
}

function inSlot(ref: MessageRef, slot: MessageSlot): string | undefined {
  if (ref.platform !== 'slack' || ref.channel !== slot.channel || ref.role !== slot.role) return undefined;
  if (!ref.messageId.startsWith(slot.key)) return undefined;
  const rest = ref.messageId.slice(slot.key.length);
  return rest.startsWith(CLAIM) || !rest.includes(':') ? rest : undefined;
}

function claimedAt(rest: string): number {
  return Number(rest.slice(CLAIM.length).split(':')[0]);
}

/**
 * The Slack messages of one request, as the store remembers them, and the rule that
 * posts each one once even when notifications race (two notify jobs, two workers):
 * a poster first claims the slot (a ref `…claim:<time>:<random>`); the store's
 * order makes the earliest live claim the only one that posts, then it records the
 * message's `ts`. Others wait for that `ts`; if it does not come, the job fails and
 * its retry looks again. A claim whose poster died lapses after a minute, and the
 * next notification claims the slot afresh, so a message is never lost for good.
 */
export class MessageLedger {
  private refs: MessageRef[] = [];

  constructor(
    private readonly requestId: string,
    private readonly store: RequestStore,
    private readonly logger: Logger,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Reads what the store holds now. */
  async load(): Promise<this> {
    this.refs = await this.store.listMessages(this.requestId);
    return this;
  }

  /** The `ts` of the message filling `slot`, if one was posted. */
  posted(slot: MessageSlot): string | undefined {
    for (const ref of this.refs) {
      const rest = inSlot(ref, slot);
      if (rest !== undefined && !rest.startsWith(CLAIM)) return rest;
    }
    return undefined;
  }

  /** The posted copies with one of `roles` (their message ID is the bare `ts`), first per channel. */
  copies(roles: readonly MessageRef['role'][]): MessageRef[] {
    const seen = new Set<string>();
    return this.refs.filter((ref) => {
      if (ref.platform !== 'slack' || !roles.includes(ref.role) || ref.messageId.includes(':')) return false;
      const id = `${ref.role} ${ref.channel}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }

  /**
   * Posts into `slot` unless it is filled; `post` returns the new message's `ts`.
   * Resolves to the `ts` that fills the slot. Throws {@link SlotBusyError} when
   * another notification holds the slot and does not fill it within a few seconds.
   */
  async postOnce(slot: MessageSlot, post: () => Promise<string>): Promise<string> {
    const done = this.posted(slot);
    if (done !== undefined) return done;
    const claim = `${CLAIM}${this.now()}:${randomBytes(6).toString('hex')}`;
    await this.record(slot, claim);
    await this.load();
    if (this.winner(slot) === claim) {
      const ts = await post();
      await this.record(slot, ts);
      await this.load();
      return ts;
    }
    return this.awaitOther(slot);
  }

  private winner(slot: MessageSlot): string | undefined {
    const oldest = this.now() - CLAIM_STALE_MS;
    for (const ref of this.refs) {
      const rest = inSlot(ref, slot);
      if (rest?.startsWith(CLAIM) && claimedAt(rest) > oldest) return rest;
    }
    return undefined;
  }

  private async awaitOther(slot: MessageSlot): Promise<string> {
    const until = this.now() + WAIT_FOR_CLAIM_MS;
    while (this.now() < until) {
      await sleep(POLL_MS);
      await this.load();
      const ts = this.posted(slot);
      if (ts !== undefined) return ts;
    }
    this.logger.info(
      { channel: slot.channel, role: slot.role, key: slot.key },
      'slot still claimed by another notification',
    );
    throw new SlotBusyError(slot);
  }

  private async record(slot: MessageSlot, rest: string): Promise<void> {
    await this.store.addMessage(this.requestId, {
      platform: 'slack',
      channel: slot.channel,
      messageId: `${slot.key}${rest}`,
      role: slot.role,
    });
  }
}
