import { LRUCache } from 'lru-cache';

/** The size, lifetime and clock of an {@link ExpiringCache}. */
export interface ExpiringCacheOptions {
  /** How long a loaded value is reused, ms; it is gone once this much time has passed. */
  readonly ttlMs: number;
  /** The most entries kept; the least recently used goes first. */
  readonly max: number;
  /** The clock the lifetime is measured by, ms; monotonic `performance.now()` unless a test sets one. */
  readonly now?: () => number;
}

/**
 * A bounded cache of answers from a slower source (a chat platform, Graph, the
 * cluster), on `lru-cache`: a value is reused until `ttlMs` has passed by the given
 * clock; concurrent lookups of one key share one load; a load that throws is not
 * kept, so the next lookup asks again. A value cannot be `undefined`: wrap an
 * optional answer in an object.
 */
export class ExpiringCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>> {
  private readonly cache: LRUCache<K, V, () => Promise<V>>;

  constructor(options: ExpiringCacheOptions) {
    const now = options.now ?? (() => performance.now());
    // lru-cache reads a start time of 0 as "never expires", so ages are counted from 1 at creation.
    const origin = now() - 1;
    this.cache = new LRUCache<K, V, () => Promise<V>>({
      max: options.max,
      // lru-cache keeps an entry while its age is at most `ttl`; ours is gone at `ttlMs`.
      ttl: Math.max(options.ttlMs - 1, 1),
      ttlResolution: 0,
      perf: { now: () => now() - origin },
      ignoreFetchAbort: true,
      fetchMethod: (_key, _stale, { context }) => context(),
    });
  }

  /** The value under `key`: a fresh cached one, the one being loaded, or what `load` gives now. */
  async get(key: K, load: () => Promise<V>): Promise<V> {
    const value = await this.cache.fetch(key, { context: load });
    if (value === undefined) throw new Error('A cached load finished without a value');
    return value;
  }

  /** The fresh value under `key`, if one is cached (not one still loading); loads nothing. */
  peek(key: K): V | undefined {
    return this.cache.peek(key);
  }

  /** Puts `value` under `key` as freshly loaded: reused until `ttlMs` from now. */
  set(key: K, value: V): void {
    this.cache.set(key, value);
  }
}
