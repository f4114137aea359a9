import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import { cardActivity, isUnreachable, threadOf } from './connector.ts';
import type { StoredConversation } from './conversation-store.ts';
import { activityIdOf, type MessageLedger } from './message-ledger.ts';
import { cardOf, locate, type NotifierContext } from './notifier-context.ts';

/** Card copies that follow every change: channel cards and the grantee's personal card. */
export const CARD_ROLES = ['approval-card', 'incident-card', 'grant-card'] as const;

/** How many times one notification re-renders when the request keeps changing under it. */
const MAX_ROUNDS = 5;

/** A conversation that should show the request's card, and as which copy. */
export interface CardTarget {
  readonly conversation: StoredConversation;
  readonly role: 'approval-card' | 'incident-card';
}

/**
 * The channel a request's `--incident ID` is announced in: the one named like the
 * lower-cased ID (`INC-4312` → `inc-4312`), as Slack names it.
 */
export function incidentChannelName(incident: string): string {
  return incident.toLowerCase();
}

/**
 * The conversations that should show the card: the Teams channels (or group chats)
 * policy picked — by channel ID, or by name where the policy names one (`#prod-approvals`)
 * and exactly one known channel has it — none when policy denied outright, and the
 * incident's channel of `--incident`. A channel the app was never installed in, or an
 * ambiguous name, is logged and left out; one named twice counts once.
 */
export async function cardTargets(context: NotifierContext, record: RequestRecord): Promise<CardTarget[]> {
  const wanted: { name: string; role: CardTarget['role'] }[] =
    record.decision.outcome === 'deny'
      ? []
      : record.decision.channels.teams.map((name) => ({ name, role: 'approval-card' as const }));
  const incident = record.incident ?? record.request.incident;
  if (incident) wanted.push({ name: `#${incidentChannelName(incident)}`, role: 'incident-card' });
  const targets: CardTarget[] = [];
  for (const { name, role } of wanted) {
    const conversation = await resolve(context, name);
    if (!conversation) {
      context.logger.warn(
        { channel: name, role },
        'Teams channel unknown or ambiguous (is the app installed in its team?); no card posted there',
      );
    } else if (!targets.some((t) => t.conversation.conversationId === conversation.conversationId)) {
      targets.push({ conversation, role });
    }
  }
  return targets;
}

async function resolve(context: NotifierContext, name: string): Promise<StoredConversation | undefined> {
  const byId = await context.conversations.get(name);
  if (byId) return byId.kind === 'personal' ? undefined : byId;
  const named = await context.conversations.channelsNamed(name.replace(/^#/, ''));
  return named.length === 1 ? named[0] : undefined;
}

/**
 * Posts the card into every target that has none yet (a channel post starts its own
 * reply thread), recording each copy. Resolves to the conversations posted in now
 * (they already show `record`).
 */
export async function postMissingCards(
  context: NotifierContext,
  record: RequestRecord,
  targets: readonly CardTarget[],
  ledger: MessageLedger,
): Promise<Set<string>> {
  const posted = new Set<string>();
  const activity = cardActivity(cardOf(context, record));
  for (const { conversation: target, role } of targets) {
    const slot = { channel: target.conversationId, role, key: '' };
    if (ledger.find(slot)) continue;
    try {
      await ledger.postOnce(
        slot,
        async () => (await context.connector.post(target, activity)).activityId,
        (id) =>
          context.connector.delete(
            target,
            target.kind === 'channel' ? threadOf(target.conversationId, id) : target.conversationId,
            id,
          ),
      );
      posted.add(target.conversationId);
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      context.logger.warn(
        { err: error, channel: target.conversationId },
        'cannot post the card in this Teams channel',
      );
    }
  }
  return posted;
}

/**
 * Brings every recorded copy of the card up to the request's current state with
 * updateActivity, skipping copies posted at this version. After updating it reads the
 * request again: if it moved on meanwhile, it renders and updates again, so when
 * notifications race the last writer leaves the newest state. Resolves to the record
 * last rendered.
 */
export async function refreshCards(
  context: NotifierContext,
  record: RequestRecord,
  ledger: MessageLedger,
  fresh: ReadonlySet<string>,
): Promise<RequestRecord> {
  let current = record;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const activity = cardActivity(cardOf(context, current));
    for (const copy of ledger.copies(CARD_ROLES)) {
      if (round === 1 && fresh.has(copy.channel) && copy.role !== 'grant-card') continue;
      const activityId = activityIdOf(copy, { key: '' });
      const where = await locate(context, copy, activityId);
      if (!where) continue;
      try {
        await context.connector.update(where.target, where.conversationId, activityId, activity);
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
