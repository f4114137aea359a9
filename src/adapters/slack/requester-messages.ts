import type { AuditEventType } from '../../core/audit/audit-event.ts';
import type { AuditRecord } from '../../core/audit/audit-record.ts';
import { eventLine } from '../../core/cards/event-line.ts';
import { requestTitle } from '../../core/cards/request-title.ts';
import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import type { DirectChannels } from './direct-channels.ts';
import type { MessageLedger } from './message-ledger.ts';
import { cardMessage, type NotifierContext } from './notifier-context.ts';
import { isUnreachable, postMessage } from './post-message.ts';
import { renderThreadLine } from './render/render-thread-line.ts';

/** Events the requester hears about by DM, unless they did it themselves. */
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
 * Tells a Slack requester, by direct message, each decision and outcome of their
 * request: every approval, a denial with its reason, expiry, execution or failure,
 * and the end of a grant. A grant arrives as the card itself, with Extend and Revoke
 * now, and that DM card follows every later change. Each event is sent once (its
 * slot is keyed by the audit `seq`); what the requester did themselves is not echoed.
 */
export async function messageRequester(
  context: NotifierContext,
  record: RequestRecord,
  events: readonly AuditRecord[],
  ledger: MessageLedger,
  directChannels: DirectChannels,
): Promise<void> {
  const { requester } = record;
  if (requester.platform !== 'slack') return;
  const told = events.filter(
    (e) => TOLD.has(e.event.type) && (e.event.actor !== requester.username || e.event.type === 'granted'),
  );
  if (told.length === 0) return;
  let channel: string;
  try {
    channel = await directChannels.with(requester.platformUserId);
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    context.logger.warn({ err: error }, 'cannot open a DM with the requester');
    return;
  }
  const title = `${requestTitle(record.request)} (${record.id})`;
  for (const { seq, event } of told) {
    if (event.type === 'granted') {
      const slot = { channel, role: 'grant-card' as const, key: '' };
      await ledger.postOnce(slot, () => postMessage(context.client, channel, cardMessage(context, record)));
      continue;
    }
    const line = eventLine(event);
    if (line === undefined) continue;
    const slot = { channel, role: 'direct-message' as const, key: `seq:${seq}:` };
    await ledger.postOnce(slot, () =>
      postMessage(context.client, channel, renderThreadLine(`${title}: ${line}`)),
    );
  }
}
