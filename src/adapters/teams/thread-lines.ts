import type { AuditRecord } from '../../core/audit/audit-record.ts';
import { eventLine } from '../../core/cards/event-line.ts';
import { cardActivity, isUnreachable } from './connector.ts';
import { activityIdOf, type MessageLedger } from './message-ledger.ts';
import { locate, type NotifierContext } from './notifier-context.ts';
import { renderThreadLine } from './render/render-thread-line.ts';

/** Card copies whose thread tells the request's story (not the grantee's personal card). */
const THREADED_ROLES = ['approval-card', 'incident-card'] as const;

/**
 * Adds one line per audit event (approved by, executed, failed with the error,
 * granted until, revoked, ...) to the reply thread of every channel copy of the card,
 * in chain order, each at most once per thread: the line's slot is keyed by the
 * event's audit `seq`. These are the same lines Slack threads show.
 */
export async function postThreadLines(
  context: NotifierContext,
  events: readonly AuditRecord[],
  ledger: MessageLedger,
): Promise<void> {
  for (const record of events) {
    const line = eventLine(record.event);
    if (line !== undefined) await postInThreads(context, ledger, `seq:${record.seq}:`, line);
  }
}

/** Posts `line` once into the thread of every channel copy of the card, under the slot `key`. */
export async function postInThreads(
  context: NotifierContext,
  ledger: MessageLedger,
  key: string,
  line: string,
): Promise<void> {
  for (const card of ledger.copies(THREADED_ROLES)) {
    const slot = { channel: card.channel, role: 'thread-line' as const, key };
    if (ledger.find(slot)) continue;
    const where = await locate(context, card, activityIdOf(card, { key: '' }));
    if (!where) continue;
    const { target, conversationId } = where;
    try {
      await ledger.postOnce(
        slot,
        () => context.connector.send(target, conversationId, cardActivity(renderThreadLine(line))),
        (id) => context.connector.delete(target, conversationId, id),
      );
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      context.logger.warn({ err: error, channel: card.channel }, 'cannot post in this card thread');
    }
  }
}
