/**
 * A request reached a new version (`changed`), its grant ends soon (`expiring`), or
 * changes may have been missed while the subscription was down (`resync`: look again).
 */
export type RequestChange =
  | { readonly kind: 'changed' | 'expiring'; readonly requestId: string; readonly version: number }
  | { readonly kind: 'resync' };

/**
 * How every process hears that a request changed, wherever it changed (any worker, any
 * replica): the console's open pages and the kubectl proxy's held calls listen. Only IDs
 * and versions travel; listeners read what they show from the store. Implemented by
 * `adapters/store/redis-change-feed.ts` (an in-process fake in tests).
 */
export interface ChangeFeed {
  publish(change: RequestChange): Promise<void>;
  /** Calls `listener` for every change from now on; resolves once subscribed, with the way to stop. */
  subscribe(listener: (change: RequestChange) => void): Promise<() => void>;
  close(): Promise<void>;
}
