import { setTimeout as sleep } from 'node:timers/promises';
import { cardActionId } from '../../src/adapters/slack/render/interaction-ids.ts';
import type { MessageRef } from '../../src/core/ports/message-ref.ts';
import type { RequestStore } from '../../src/core/ports/request-store.ts';
import { blockActionsBody, type UnsignedRequest } from '../../test/fakes/fake-slack/sign-request.ts';
import { BENCH_PEOPLE, type BenchPerson } from './bench-workspace.ts';

/**
 * Waits until Countersign has posted the Slack approval card of `requestId` (the
 * worker's `notify` job records it in the store) and returns where it is.
 */
export async function waitForCard(
  store: RequestStore,
  requestId: string,
  timeoutMs: number,
): Promise<MessageRef> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const card = (await store.listMessages(requestId)).find(
      (m) => m.platform === 'slack' && m.role === 'approval-card',
    );
    if (card) return card;
    if (performance.now() > deadline)
      throw new Error(`no Slack card for ${requestId} within ${timeoutMs} ms`);
    await sleep(25);
  }
}

/** The `block_actions` payload of `person` clicking Approve on `card`, as Slack would send it. */
export function approveClick(
  person: BenchPerson,
  card: MessageRef,
  requestId: string,
  responseUrl: string,
): UnsignedRequest {
  return blockActionsBody({
    userId: BENCH_PEOPLE[person].id,
    actionId: cardActionId('approve'),
    value: requestId,
    container: { type: 'message', channelId: card.channel, messageTs: card.messageId },
    responseUrl,
  });
}
