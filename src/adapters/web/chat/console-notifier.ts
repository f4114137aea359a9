import type { RequestRecord } from '../../../core/lifecycle/request-record.ts';
import type { Notifier } from '../../../core/ports/notifier.ts';
import type { ChangeFeed } from './change-feed.ts';

/**
 * The console's side of the `notify` job: it posts no message (the console renders
 * from the store on demand), it only announces "request X is at version N" on the
 * change feed, so every replica's open console pages refresh. Publishing the same
 * version twice only refreshes twice: idempotent, as the port requires.
 */
export class ConsoleNotifier implements Notifier {
  private readonly feed: ChangeFeed;

  constructor(feed: ChangeFeed) {
    this.feed = feed;
  }

  requestChanged(record: RequestRecord): Promise<void> {
    return this.feed.publish({ kind: 'changed', requestId: record.id, version: record.version });
  }

  /** The console has no threads: its approvals page lists what waits, with its expiry, at every visit. */
  remindApprovers(): Promise<void> {
    return Promise.resolve();
  }

  grantExpiringSoon(record: RequestRecord): Promise<void> {
    return this.feed.publish({ kind: 'expiring', requestId: record.id, version: record.version });
  }
}
