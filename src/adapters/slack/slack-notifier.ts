import type { Logger } from 'pino';
import { formatCardTime } from '../../core/cards/format-time.ts';
import { requestTitle } from '../../core/cards/request-title.ts';
import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { Notifier } from '../../core/ports/notifier.ts';
import type { RequestStore } from '../../core/ports/request-store.ts';
import { formatDuration } from '../../core/requests/duration.ts';
import { cardTargets, postMissingCards, refreshCards } from './card-copies.ts';
import { ChannelDirectory } from './channel-directory.ts';
import { DirectChannels } from './direct-channels.ts';
import { MessageLedger } from './message-ledger.ts';
import { cardMessage, type NotifierContext } from './notifier-context.ts';
import { OneAtATime } from './one-at-a-time.ts';
import { isUnreachable, postMessage } from './post-message.ts';
import { sectionBlock } from './render/block-kit.ts';
import { escapeSlackText } from './render/escape-mrkdwn.ts';
import { SLACK_LIMITS } from './render/slack-limits.ts';
import { messageRequester } from './requester-messages.ts';
import { postInThreads, postThreadLines } from './thread-lines.ts';
import type { SlackClient } from './slack-web-client.ts';

/** What the Slack notifier needs. */
export interface SlackNotifierDeps {
  readonly client: SlackClient;
  readonly store: RequestStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** `SLACK_INCIDENT_CHANNEL_TEMPLATE`; absent means the incident ID itself. */
  readonly incidentChannelTemplate?: string;
  /** `SLACK_SECURITY_CHANNEL`: where every break-glass card also goes; absent means none. */
  readonly securityChannel?: string;
}

/**
 * The Slack side of {@link Notifier}, run by the `notify` and `remind-expiry` jobs.
 * On a change it posts the card into every channel policy picked (and the incident
 * channel, and the security channel for break-glass) that has none yet, updates every
 * recorded copy in place, adds the thread line of each new audit event under every
 * channel copy, and DMs a Slack requester.
 * Every message has a slot in the request's message list, so running twice for one
 * version (a retried job, two jobs racing) posts nothing twice. A channel Slack will
 * not let it post in is logged and skipped; any other Slack failure is thrown so the
 * queue retries (rate limits are waited out inside the client).
 */
export class SlackNotifier implements Notifier {
  private readonly channels: ChannelDirectory;
  private readonly directChannels: DirectChannels;
  private readonly serial = new OneAtATime();

  constructor(private readonly deps: SlackNotifierDeps) {
    this.channels = new ChannelDirectory(deps.client);
    this.directChannels = new DirectChannels(deps.client);
  }

  requestChanged(record: RequestRecord): Promise<void> {
    return this.serial.run(record.id, () => this.bringUpToDate(record));
  }

  grantExpiringSoon(record: RequestRecord): Promise<void> {
    return this.serial.run(record.id, () => this.remind(record));
  }

  private async bringUpToDate(record: RequestRecord): Promise<void> {
    const context = this.context(record);
    const ledger = await new MessageLedger(record.id, context.store, context.logger).load();
    const targets = await cardTargets(
      context,
      record,
      this.channels,
      this.deps.incidentChannelTemplate,
      this.deps.securityChannel,
    );
    await postMissingCards(context, record, targets, ledger);
    const current = await refreshCards(context, record, ledger);
    const events = await context.store.listEvents(record.id);
    await postThreadLines(context, events, ledger);
    await messageRequester(context, current, events, ledger, this.directChannels);
  }

  private async remind(record: RequestRecord): Promise<void> {
    const grant = record.grant;
    if (record.state !== 'active' || !grant) return;
    const context = this.context(record);
    const ledger = await new MessageLedger(record.id, context.store, context.logger).load();
    const left = formatDuration(Math.max(0, Math.round((grant.expiresAt - context.clock.now()) / 1000)));
    const key = `remind:${grant.expiresAt}:`;
    const line = `Access ends at ${formatCardTime(grant.expiresAt)} (in ${left}).`;
    await postInThreads(context, ledger, key, line);
    if (record.requester.platform !== 'slack') return;
    let channel: string;
    try {
      channel = await this.directChannels.with(record.requester.platformUserId);
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      context.logger.warn({ err: error }, 'cannot open a DM with the grantee');
      return;
    }
    const card = cardMessage(context, record);
    const title = requestTitle(record.request);
    const notice = escapeSlackText(
      `Your ${title} (${record.id}) ends in ${left}. Extend it or give it back now:`,
      {
        maxLines: 1,
      },
    );
    const message = {
      text: notice,
      blocks: [sectionBlock(`:alarm_clock: ${notice}`, { blockId: 'reminder' }), ...card.blocks].slice(
        0,
        SLACK_LIMITS.messageBlocks,
      ),
    };
    await ledger.postOnce({ channel, role: 'direct-message', key }, () =>
      postMessage(context.client, channel, message),
    );
  }

  private context(record: RequestRecord): NotifierContext {
    const { client, store, clock, logger } = this.deps;
    return { client, store, clock, logger: logger.child({ component: 'slack', requestId: record.id }) };
  }
}
