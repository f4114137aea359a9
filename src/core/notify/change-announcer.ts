import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { ChangeFeed } from '../ports/change-feed.ts';
import type { Notifier } from '../ports/notifier.ts';

/**
 * The {@link Notifier} of what posts no message: it announces "request X is at version
 * N" on the {@link ChangeFeed}, so every replica's open console pages refresh and every
 * held kubectl call looks again. The console is no chat: it has no channels, threads or
 * direct messages, and renders every page from the store, so it needs no chat client
 * and no message ledger (a `ChatPort` there would record messages that do not exist).
 * Announcing one version twice only refreshes twice: idempotent, as the port requires.
 */
export class ChangeAnnouncer implements Notifier {
  constructor(private readonly feed: Pick<ChangeFeed, 'publish'>) {}

  /** Also called by the console for a change it made itself, so its pages need not wait for the `notify` job. */
  requestChanged(record: Pick<RequestRecord, 'id' | 'version'>): Promise<void> {
    return this.feed.publish({ kind: 'changed', requestId: record.id, version: record.version });
  }

  grantExpiringSoon(record: Pick<RequestRecord, 'id' | 'version'>): Promise<void> {
    return this.feed.publish({ kind: 'expiring', requestId: record.id, version: record.version });
  }

  /** Nothing to announce: the console's approvals page lists what waits, with its expiry, at every visit. */
  remindApprovers(): Promise<void> {
    return Promise.resolve();
  }
}
