import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { ChatPort } from '../ports/chat.ts';
import type { Clock } from '../ports/clock.ts';
import type { Log } from '../ports/log.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { RequestStore } from '../ports/request-store.ts';
import { postMissingCards, refreshCards } from './card-copies.ts';
import { remindApprovers } from './approver-reminder.ts';
import { cardTargets, type ChannelSettings } from './card-targets.ts';
import { remindExpiry } from './expiry-reminder.ts';
import { MessageLedger } from './message-ledger.ts';
import type { Notification } from './notification.ts';
import { OneAtATime } from './one-at-a-time.ts';
import { messageRequester } from './requester-messages.ts';
import { postThreadLines } from './thread-lines.ts';

/** What a chat notifier needs: one platform's chat client and where it announces requests. */
export interface ChatNotifierDeps extends ChannelSettings {
  readonly chat: ChatPort;
  readonly store: RequestStore;
  readonly clock: Clock;
  readonly log: Log & { child(bindings: Record<string, unknown>): Log };
  /**
   * The platform user ID of a Kubernetes username (the identity table read backwards),
   * so a request filed from kubectl through the proxy reaches its requester by DM here.
   */
  readonly chatUserOf?: (username: string) => string | undefined;
}

/**
 * Who hears what, once, on one chat platform: the {@link Notifier} of Slack and Teams
 * alike, run by the `notify`, `remind-expiry` and `remind-approvers` jobs. On a change it posts the card
 * into every channel that should show it and has none yet (policy's channels, the
 * incident channel, the security channel for break-glass), updates every recorded copy
 * in place, adds the thread line of each new audit event under every channel copy, and
 * tells the requester by direct message. It renders a record at least as new as every
 * event it tells (it reads the events first, then the record). Every message is
 * posted through the {@link MessageLedger}, so running twice for one version, or in
 * two processes at once, posts nothing twice. A channel the platform will not let it
 * post in is logged and skipped; any other failure is thrown so the queue retries.
 */
export class ChatNotifier implements Notifier {
  private readonly serial = new OneAtATime();

  constructor(private readonly deps: ChatNotifierDeps) {}

  requestChanged(record: RequestRecord): Promise<void> {
    return this.serial.run(record.id, () => this.bringUpToDate(record));
  }

  grantExpiringSoon(record: RequestRecord): Promise<void> {
    return this.serial.run(record.id, async () => {
      const latest = await this.newest(record);
      await remindExpiry(await this.begin(record.id), latest);
    });
  }

  remindApprovers(record: RequestRecord): Promise<void> {
    return this.serial.run(record.id, async () => {
      const latest = await this.newest(record);
      await remindApprovers(await this.begin(record.id), latest);
    });
  }

  private async bringUpToDate(record: RequestRecord): Promise<void> {
    const notification = await this.begin(record.id);
    const events = await this.deps.store.listEvents(record.id);
    const latest = await this.newest(record);
    const targets = await cardTargets(notification, latest, this.deps);
    const fresh = await postMissingCards(notification, latest, targets);
    const current = await refreshCards(notification, latest, fresh);
    await postThreadLines(notification, events);
    await messageRequester(notification, current, events);
  }

  /** The stored record, or `record` when the store holds nothing newer. */
  private async newest(record: RequestRecord): Promise<RequestRecord> {
    const stored = await this.deps.store.get(record.id);
    return stored && stored.version > record.version ? stored : record;
  }

  private async begin(requestId: string): Promise<Notification> {
    const { chat, store, clock } = this.deps;
    const log = this.deps.log.child({ platform: chat.platform, requestId });
    const ledger = await new MessageLedger(requestId, store, clock, log).load();
    const { chatUserOf } = this.deps;
    return { chat, store, clock, log, ledger, ...(chatUserOf ? { chatUserOf } : {}) };
  }
}
