import type { RequestChange } from '../../store/redis-change-feed.ts';

export type { RequestChange };

/**
 * How the console hears about request changes made anywhere (any worker, any replica),
 * and announces them: {@link RedisChangeFeed} in production, an in-process fake in tests.
 */
export interface ChangeFeed {
  publish(change: RequestChange): Promise<void>;
  subscribe(listener: (change: RequestChange) => void): Promise<() => void>;
  close(): Promise<void>;
}
