import type { AuditRecord } from '../../core/audit/audit-record.ts';
import { eventLine } from '../../core/cards/event-line.ts';
import type { MessageLedger } from './message-ledger.ts';
import type { NotifierContext } from './notifier-context.ts';
import { isUnreachable, postMessage } from './post-message.ts';
import { renderThreadLine } from './render/render-thread-line.ts';

/** Card copies whose thread tells the request's story (not the grantee's DM card). */
const THREADED_ROLES = ['approval-card', 'incident-card'] as const;

/**
 * Adds one line per audit event (approved by, executed, failed with the error,
 * granted until, revoked, ...) to the thread of every channel copy of the card, in
 * chain order, each at most once per thread: the line's slot is keyed by the event's
 * audit `seq`.
 */
export async function postThreadLines(
  context: NotifierContext,
  events: readonly AuditRecord[],
  ledger: MessageLedger,
): Promise<void> {
  const lines = events.flatMap((record) => {
    const line = eventLine(record.event);
    return line === undefined ? [] : [{ key: `seq:${record.seq}:`, line }];
  });
  for (const { key, line } of lines) await postInThreads(context, ledger, key, line);
}

/** Posts `line` once into the thread of every channel copy of the card, under the slot `key`. */
export async function postInThreads(
  context: NotifierContext,
  ledger: MessageLedger,
  key: string,
  line: string,
): Promise<void> {
  for (const card of ledger.copies(THREADED_ROLES)) {
    const parent = card.messageId;
    const slot = { channel: card.channel, role: 'thread-line' as const, key };
    if (ledger.posted(slot) !== undefined) continue;
    try {
      await ledger.postOnce(slot, () =>
        postMessage(context.client, card.channel, renderThreadLine(line), parent),
      );
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      context.logger.warn({ err: error, channel: card.channel }, 'cannot post in this card thread');
    }
  }
}
