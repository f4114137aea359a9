import type { Redis } from 'ioredis';
import type { ClaimOutcome, MessageLedgerStore } from '../../core/ports/message-ledger-store.ts';
import type { MessageRef, MessageSlot } from '../../core/ports/message-ref.ts';
import type { StoreKeys } from './keys.ts';
import { claimSlotScript, recordSlotScript } from './message-slot-scripts.ts';

const slotField = (slot: MessageSlot): string =>
  JSON.stringify([slot.platform, slot.role, slot.channel, slot.key]);

/**
 * {@link MessageLedgerStore} on Redis: one hash of slots per request
 * (`<prefix>:slots:<id>`, each a posted message ID or a live claim), changed only by
 * Lua scripts so a claim and a record are each one atomic step across replicas, and
 * the list of posted messages in order (`<prefix>:msgs:<id>`). The caller owns the
 * connection.
 */
export class RedisMessageLedgerStore implements MessageLedgerStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: StoreKeys,
  ) {}

  async claimMessage(
    requestId: string,
    slot: MessageSlot,
    claim: { readonly token: string; readonly at: number; readonly staleBefore: number },
  ): Promise<ClaimOutcome> {
    const [kind, messageId] = (await claimSlotScript.run(
      this.redis,
      [this.keys.messageSlots(requestId)],
      [slotField(slot), claim.token, claim.at, claim.staleBefore],
    )) as [string, string];
    if (kind === 'posted') return { kind, messageId };
    return kind === 'busy' ? { kind } : { kind: 'won' };
  }

  async recordMessage(requestId: string, slot: MessageSlot, messageId: string): Promise<string> {
    const ref: MessageRef = { ...pick(slot), messageId };
    return (await recordSlotScript.run(
      this.redis,
      [this.keys.messageSlots(requestId), this.keys.messages(requestId)],
      [slotField(slot), messageId, JSON.stringify(ref)],
    )) as string;
  }

  async listMessages(requestId: string): Promise<MessageRef[]> {
    const items = await this.redis.lrange(this.keys.messages(requestId), 0, -1);
    return items.map((item) => JSON.parse(item) as MessageRef);
  }
}

function pick(slot: MessageSlot): MessageSlot {
  return { platform: slot.platform, channel: slot.channel, role: slot.role, key: slot.key };
}
