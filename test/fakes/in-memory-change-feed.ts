import type { ChangeFeed, RequestChange } from '../../src/core/ports/change-feed.ts';

/** A change feed inside one process, for console tests without Redis; remembers what was published. */
export class InMemoryChangeFeed implements ChangeFeed {
  readonly published: RequestChange[] = [];
  private readonly listeners = new Set<(change: RequestChange) => void>();

  publish(change: RequestChange): Promise<void> {
    this.published.push(change);
    for (const listener of this.listeners) listener(change);
    return Promise.resolve();
  }

  subscribe(listener: (change: RequestChange) => void): Promise<() => void> {
    this.listeners.add(listener);
    return Promise.resolve(() => this.listeners.delete(listener));
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }
}
