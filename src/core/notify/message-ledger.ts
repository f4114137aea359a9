import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CountersignError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { Log } from '../ports/log.ts';
import type { MessageLedgerStore } from '../ports/message-ledger-store.ts';
import type { MessageRef, MessageRole, MessageSlot } from '../ports/message-ref.ts';

/** A claim older than this with no message behind it was abandoned (its poster died); another may claim. */
export const CLAIM_STALE_MS = 60_000;
/** How long to wait for another notification to finish posting into a slot it claimed. */
const WAIT_FOR_CLAIM_MS = 5_000;
const POLL_MS = 100;

/** A slot another notification claimed and has not filled yet; the queue retries the job. */
export class SlotBusyError extends CountersignError {
  constructor(slot: MessageSlot) {
    super(
      'message_slot_busy',
      `another notification is posting ${slot.platform} ${slot.role} ${slot.key} in ${slot.channel}`,
    );
  }
}

const sameSlot = (ref: MessageSlot, slot: MessageSlot): boolean =>
  ref.platform === slot.platform &&
  ref.channel === slot.channel &&
  ref.role === slot.role &&
  ref.key === slot.key;

/**
 * The chat messages of one request, as the store remembers them, and the one rule
 * that posts each exactly once on every platform, however notifications race (a
 * retried job, two workers): a poster first claims the message's slot in the store
 * (atomically; see {@link MessageLedgerStore.claimMessage}), posts only if it won,
 * then records the message. A loser waits a few seconds for the winner's message; if
 * it does not come, {@link SlotBusyError} makes the job retry later. A claim whose
 * poster died lapses after a minute and the next notification posts afresh, so a
 * message is never lost for good.
 */
export class MessageLedger {
  private refs: MessageRef[] = [];

  constructor(
    private readonly requestId: string,
    private readonly store: MessageLedgerStore,
    private readonly clock: Clock,
    private readonly log: Log,
  ) {}

  /** Reads what the store holds now. */
  async load(): Promise<this> {
    this.refs = await this.store.listMessages(this.requestId);
    return this;
  }

  /** The ID of the message filling `slot`, if one was posted. */
  posted(slot: MessageSlot): string | undefined {
    return this.refs.find((ref) => sameSlot(ref, slot))?.messageId;
  }

  /** The posted messages of `platform` with one of `roles`, in the order they were posted. */
  copies(platform: MessageRef['platform'], roles: readonly MessageRole[]): MessageRef[] {
    return this.refs.filter((ref) => ref.platform === platform && roles.includes(ref.role));
  }

  /**
   * Posts into `slot` unless it is filled; `post` returns the new message's ID and
   * `remove` deletes it again in the rare case another poster filled the slot first
   * (after this claim went stale). Resolves to the message filling the slot and
   * whether this call posted it.
   */
  async postOnce(
    slot: MessageSlot,
    post: () => Promise<string>,
    remove: (messageId: string) => Promise<void>,
  ): Promise<{ readonly messageId: string; readonly fresh: boolean }> {
    const done = this.posted(slot);
    if (done !== undefined) return { messageId: done, fresh: false };
    const at = this.clock.now();
    const claim = { token: randomUUID(), at, staleBefore: at - CLAIM_STALE_MS };
    const outcome = await this.store.claimMessage(this.requestId, slot, claim);
    if (outcome.kind === 'posted') {
      await this.load();
      return { messageId: outcome.messageId, fresh: false };
    }
    if (outcome.kind === 'busy') return { messageId: await this.awaitOther(slot), fresh: false };
    const messageId = await post();
    const kept = await this.store.recordMessage(this.requestId, slot, messageId);
    await this.load();
    if (kept !== messageId) {
      this.log.info({ ...slot, messageId }, 'another notification posted this message first; removing ours');
      await remove(messageId).catch((error: unknown) => {
        this.log.warn({ err: error, ...slot, messageId }, 'could not remove a duplicate message');
      });
      return { messageId: kept, fresh: false };
    }
    return { messageId, fresh: true };
  }

  private async awaitOther(slot: MessageSlot): Promise<string> {
    for (let waited = 0; waited < WAIT_FOR_CLAIM_MS; waited += POLL_MS) {
      await sleep(POLL_MS);
      await this.load();
      const messageId = this.posted(slot);
      if (messageId !== undefined) return messageId;
    }
    this.log.info({ ...slot }, 'slot still claimed by another notification');
    throw new SlotBusyError(slot);
  }
}
