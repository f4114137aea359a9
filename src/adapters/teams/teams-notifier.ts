import type { Logger } from 'pino';
import { formatCardTime } from '../../core/cards/format-time.ts';
import { requestTitle } from '../../core/cards/request-title.ts';
import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { Notifier } from '../../core/ports/notifier.ts';
import type { RequestStore } from '../../core/ports/request-store.ts';
import { formatDuration } from '../../core/requests/duration.ts';
import { cardTargets, postMissingCards, refreshCards } from './card-copies.ts';
import { cardActivity, isUnreachable, type TeamsConnector } from './connector.ts';
import type { ConversationStore } from './conversation-store.ts';
import { MessageLedger } from './message-ledger.ts';
import type { NotifierContext } from './notifier-context.ts';
import { adaptiveCard, textBlock } from './render/adaptive-card.ts';
import { escapeCardText } from './render/escape-card-text.ts';
import { renderCard } from './render/render-card.ts';
import { buildApprovalCard } from '../../core/cards/build-approval-card.ts';
import { messageRequester } from './requester-messages.ts';
import type { RequestLock } from './request-lock.ts';
import { postInThreads, postThreadLines } from './thread-lines.ts';

/** What the Teams notifier needs. */
export interface TeamsNotifierDeps {
  readonly connector: TeamsConnector;
  readonly conversations: ConversationStore;
  readonly store: RequestStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Serialises notifications of one request; absent means none (one worker, tests). */
  readonly lock?: RequestLock;
}

/**
 * The Teams side of {@link Notifier}, run by the `notify` and `remind-expiry` jobs.
 * On a change it posts the card into every Teams channel policy picked that has none
 * yet (each post starts its own reply thread), updates every recorded copy in place
 * (updateActivity on the stored activity IDs), adds the thread line of each new audit
 * event under every channel copy, and messages a Teams requester in their personal
 * chat. Every message has a slot in the request's message list, so running twice for
 * one version posts nothing twice; notifications of one request take turns (`lock`). A conversation Teams will not let the bot reach
 * (403/404) is logged and skipped; any other failure is thrown so the queue retries.
 */
export class TeamsNotifier implements Notifier {
  constructor(private readonly deps: TeamsNotifierDeps) {}

  requestChanged(record: RequestRecord): Promise<void> {
    return this.locked(record.id, () => this.bringUpToDate(record));
  }

  grantExpiringSoon(record: RequestRecord): Promise<void> {
    return this.locked(record.id, () => this.remind(record));
  }

  private async bringUpToDate(record: RequestRecord): Promise<void> {
    const context = this.context(record);
    const ledger = await new MessageLedger(record.id, context.store, context.logger).load();
    const targets = await cardTargets(context, record);
    const fresh = await postMissingCards(context, record, targets, ledger);
    const current = await refreshCards(context, record, ledger, fresh);
    const events = await context.store.listEvents(record.id);
    await postThreadLines(context, events, ledger);
    await messageRequester(context, current, events, ledger);
  }

  private async remind(record: RequestRecord): Promise<void> {
    const grant = record.grant;
    if (record.state !== 'active' || !grant) return;
    const context = this.context(record);
    const ledger = await new MessageLedger(record.id, context.store, context.logger).load();
    const left = formatDuration(Math.max(0, Math.round((grant.expiresAt - context.clock.now()) / 1000)));
    const key = `remind:${grant.expiresAt}:`;
    await postInThreads(
      context,
      ledger,
      key,
      `Access ends at ${formatCardTime(grant.expiresAt)} (in ${left}).`,
    );
    if (record.requester.platform !== 'teams') return;
    const chat = await context.conversations.personalFor(record.requester.platformUserId);
    if (!chat) return;
    const card = renderCard(buildApprovalCard(record, context.clock.now()));
    const notice = escapeCardText(
      `Your ${requestTitle(record.request)} (${record.id}) ends in ${left}. Extend it or give it back now:`,
      { maxLines: 1, maxLength: 500 },
    );
    const reminder = adaptiveCard(
      card.fallbackText,
      [textBlock(notice, { id: 'reminder', weight: 'bolder' }), ...card.body],
      card.actions,
    );
    try {
      await ledger.postOnce(
        { channel: chat.conversationId, role: 'direct-message', key },
        () => context.connector.send(chat, chat.conversationId, cardActivity(reminder)),
        (id) => context.connector.delete(chat, chat.conversationId, id),
      );
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      context.logger.warn({ err: error }, 'cannot remind the grantee in their personal chat');
    }
  }

  private locked(requestId: string, work: () => Promise<void>): Promise<void> {
    return this.deps.lock ? this.deps.lock.run(requestId, work) : work();
  }

  private context(record: RequestRecord): NotifierContext {
    const { connector, conversations, store, clock, logger } = this.deps;
    return {
      connector,
      conversations,
      store,
      clock,
      logger: logger.child({ component: 'teams', requestId: record.id }),
    };
  }
}
