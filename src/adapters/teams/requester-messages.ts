import type { AuditEventType } from '../../core/audit/audit-event.ts';
import type { AuditRecord } from '../../core/audit/audit-record.ts';
import { eventLine } from '../../core/cards/event-line.ts';
import { requestTitle } from '../../core/cards/request-title.ts';
import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import { cardActivity, isUnreachable } from './connector.ts';
import type { MessageLedger } from './message-ledger.ts';
import { cardOf, type NotifierContext } from './notifier-context.ts';
import { renderThreadLine } from './render/render-thread-line.ts';

/** Events the requester hears about in their personal chat, unless they did it themselves. */
const TOLD: ReadonlySet<AuditEventType> = new Set<AuditEventType>([
  'approved',
  'denied',
  'cancelled',
  'expired',
  'executed',
  'failed',
  'granted',
  'extended',
  'revoked',
  'grant-expired',
  'swept',
]);

/**
 * Tells a Teams requester, in their personal chat with the bot, each decision and
 * outcome of their request: every approval, a denial with its reason, expiry,
 * execution or failure, and the end of a grant. A grant arrives as the card itself,
 * with Extend and Revoke now, and that card follows every later change. Each event is
 * sent once (its slot is keyed by the audit `seq`); what the requester did themselves
 * is not echoed. Without a personal chat (the app is not installed for them) nothing
 * is sent.
 */
export async function messageRequester(
  context: NotifierContext,
  record: RequestRecord,
  events: readonly AuditRecord[],
  ledger: MessageLedger,
): Promise<void> {
  const { requester } = record;
  if (requester.platform !== 'teams') return;
  const told = events.filter(
    (e) => TOLD.has(e.event.type) && (e.event.actor !== requester.username || e.event.type === 'granted'),
  );
  if (told.length === 0) return;
  const chat = await context.conversations.personalFor(requester.platformUserId);
  if (!chat) {
    context.logger.info('no personal chat with the requester; not messaging them');
    return;
  }
  const title = `${requestTitle(record.request)} (${record.id})`;
  for (const { seq, event } of told) {
    const isGrant = event.type === 'granted';
    const line = isGrant ? undefined : eventLine(event);
    if (!isGrant && line === undefined) continue;
    const slot = isGrant
      ? { channel: chat.conversationId, role: 'grant-card' as const, key: '' }
      : { channel: chat.conversationId, role: 'direct-message' as const, key: `seq:${seq}:` };
    const activity = cardActivity(
      isGrant ? cardOf(context, record) : renderThreadLine(`${title}: ${line ?? ''}`),
    );
    try {
      await ledger.postOnce(
        slot,
        () => context.connector.send(chat, chat.conversationId, activity),
        (id) => context.connector.delete(chat, chat.conversationId, id),
      );
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      context.logger.warn({ err: error }, 'cannot message the requester in their personal chat');
      return;
    }
  }
}
