import type { AuditEventType } from '../audit/audit-event.ts';
import type { AuditRecord } from '../audit/audit-record.ts';
import { eventLine } from '../cards/event-line.ts';
import { requestTitle } from '../cards/request-title.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import { cardMessage, unlessUnreachable, type Notification } from './notification.ts';

/** Events the requester hears about by direct message, unless they did it themselves. */
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
  'escalated',
]);

/**
 * The requester's user ID on this platform: theirs when they filed here; for a request
 * from kubectl (through the proxy), whoever the identity table maps to their
 * Kubernetes username here; otherwise undefined (they filed on another platform).
 */
function requesterHere(notification: Notification, record: RequestRecord): string | undefined {
  const { requester } = record;
  if (requester.platform === notification.chat.platform) return requester.platformUserId;
  if (requester.platform === 'kubectl') return notification.chatUserOf?.(requester.username);
  return undefined;
}

/**
 * The bot's direct conversation with the requester on this platform, or undefined
 * (logged) when they filed elsewhere or the platform cannot reach them.
 */
export async function directWith(
  notification: Notification,
  record: RequestRecord,
): Promise<string | undefined> {
  const { chat, log } = notification;
  const userId = requesterHere(notification, record);
  if (userId === undefined) return undefined;
  let channel: string | undefined;
  const reached = await unlessUnreachable(notification, 'open a direct conversation', userId, async () => {
    channel = await chat.openDirect(userId);
  });
  if (reached && channel === undefined)
    log.info({}, 'no direct conversation with the requester; not messaging them');
  return channel;
}

/**
 * Tells the requester, by direct message on the platform they filed from, each
 * decision and outcome of their request: every approval, a denial with its reason,
 * expiry, execution or failure, and the end of a grant. A grant arrives as the card
 * itself, with Extend and Revoke, and that card follows every later change. Each event
 * is sent once (its slot is keyed by the audit `seq`); what the requester did
 * themselves is not echoed. A kubectl requester is messaged only where the identity
 * table maps their Kubernetes username to one user of this platform; otherwise nothing
 * is sent and nothing fails (logged at debug). `record` must be at least as new as `events`.
 */
export async function messageRequester(
  notification: Notification,
  record: RequestRecord,
  events: readonly AuditRecord[],
): Promise<void> {
  const { chat, ledger, log } = notification;
  const { requester } = record;
  if (requesterHere(notification, record) === undefined) {
    if (requester.platform === 'kubectl') {
      log.debug(
        { requester: requester.username },
        `the identity table maps no ${chat.platform} user to this Kubernetes username; not messaging the requester`,
      );
    }
    return;
  }
  const fromKubectl = record.request.type === 'api';
  const told = events.filter(
    (e) =>
      (TOLD.has(e.event.type) && (e.event.actor !== requester.username || e.event.type === 'granted')) ||
      (fromKubectl && e.event.type === 'submitted'),
  );
  if (told.length === 0) return;
  const channel = await directWith(notification, record);
  if (channel === undefined) return;
  const title = `${requestTitle(record.request)} (${record.id})`;
  for (const { seq, event } of told) {
    const isGrant = event.type === 'granted';
    const line = isGrant ? undefined : event.type === 'submitted' ? [waitingLine(record)] : eventLine(event);
    if (!isGrant && line === undefined) continue;
    const slot = isGrant
      ? { platform: chat.platform, channel, role: 'grant-card' as const, key: '' }
      : { platform: chat.platform, channel, role: 'direct-message' as const, key: `seq:${seq}` };
    const message = isGrant
      ? cardMessage(notification, record)
      : { kind: 'line' as const, text: [`${title}: `, ...(line ?? [])] };
    const sent = await unlessUnreachable(notification, 'message the requester', channel, () =>
      ledger.postOnce(
        slot,
        () => chat.post(channel, message),
        (id) => chat.remove(channel, id),
      ),
    );
    if (!sent) return;
  }
}

/**
 * What a kubectl requester is told the moment their request is filed: their command
 * is held, where the approvers see it, and what Ctrl-C does.
 */
function waitingLine(record: RequestRecord): string {
  const { decision } = record;
  const where =
    decision.outcome === 'deny'
      ? []
      : [
          ...decision.channels.slack.map((c) => `Slack ${c}`),
          ...decision.channels.teams.map((c) => `Teams ${c}`),
          ...decision.channels.web.map((c) => `the console (${c})`),
        ];
  return (
    'your kubectl command is waiting for approval' +
    (where.length > 0 ? ` in ${where.join(', ')}` : '') +
    '; it runs when approved (Ctrl-C cancels the request)'
  );
}
