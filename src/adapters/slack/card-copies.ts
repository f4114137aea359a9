import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import type { ChannelDirectory } from './channel-directory.ts';
import { incidentChannelName } from './incident-channel.ts';
import type { MessageLedger } from './message-ledger.ts';
import { cardMessage, type NotifierContext } from './notifier-context.ts';
import { isUnreachable, postMessage, updateMessage } from './post-message.ts';

/** A channel that should show the request's card, by ID. */
export interface CardTarget {
  readonly channel: string;
  readonly role: 'approval-card' | 'incident-card';
}

/** Card copies that follow every change: channel cards and the grantee's DM card. */
export const CARD_ROLES = ['approval-card', 'incident-card', 'grant-card'] as const;

/** How many times one notification re-renders when the request keeps changing under it. */
const MAX_ROUNDS = 5;

/**
 * The channels that should show the card: those policy picked for Slack (none when
 * policy denied outright), the incident channel of `--incident`, and for a break-glass
 * run the security channel when one is configured, resolved to IDs. A channel Slack
 * does not know is logged and left out; one named twice counts once.
 */
export async function cardTargets(
  context: NotifierContext,
  record: RequestRecord,
  channels: ChannelDirectory,
  incidentTemplate: string | undefined,
  securityChannel?: string,
): Promise<CardTarget[]> {
  const wanted: { name: string; role: CardTarget['role'] }[] =
    record.decision.outcome === 'deny'
      ? []
      : record.decision.channels.slack.map((name) => ({ name, role: 'approval-card' as const }));
  const incident = record.incident ?? record.request.incident;
  if (incident) wanted.push({ name: incidentChannelName(incident, incidentTemplate), role: 'incident-card' });
  if (record.breakGlass && securityChannel) wanted.push({ name: securityChannel, role: 'approval-card' });
  const targets: CardTarget[] = [];
  for (const { name, role } of wanted) {
    const channel = await channels.resolve(name);
    if (channel === undefined) {
      context.logger.warn({ channel: name, role }, 'Slack channel not found; no card posted there');
    } else if (!targets.some((t) => t.channel === channel)) {
      targets.push({ channel, role });
    }
  }
  return targets;
}

/** Posts the card into every target channel that has none yet, recording each copy. */
export async function postMissingCards(
  context: NotifierContext,
  record: RequestRecord,
  targets: readonly CardTarget[],
  ledger: MessageLedger,
): Promise<void> {
  const message = cardMessage(context, record);
  for (const target of targets) {
    const slot = { channel: target.channel, role: target.role, key: '' };
    if (ledger.posted(slot) !== undefined) continue;
    try {
      await ledger.postOnce(slot, () => postMessage(context.client, target.channel, message));
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      context.logger.warn({ err: error, channel: target.channel }, 'cannot post the card in this channel');
    }
  }
}

/**
 * Brings every recorded copy of the card (channels and the grantee's DM) up to the
 * request's current state with chat.update. After updating it reads the request
 * again: if it moved on meanwhile, it renders and updates again, so when
 * notifications race the last writer always leaves the newest state. Resolves to the
 * record last rendered.
 */
export async function refreshCards(
  context: NotifierContext,
  record: RequestRecord,
  ledger: MessageLedger,
): Promise<RequestRecord> {
  let current = record;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const message = cardMessage(context, current);
    for (const copy of ledger.copies(CARD_ROLES)) {
      try {
        await updateMessage(context.client, copy.channel, copy.messageId, message);
      } catch (error) {
        if (!isUnreachable(error)) throw error;
        context.logger.warn({ err: error, channel: copy.channel }, 'cannot update this copy of the card');
      }
    }
    const latest = await context.store.get(current.id);
    if (!latest || latest.version <= current.version) return current;
    current = latest;
    await ledger.load();
  }
  return current;
}
