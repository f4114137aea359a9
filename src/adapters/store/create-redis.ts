import { Redis, type RedisOptions } from 'ioredis';
import type { RedisConfig } from '../../config/config.ts';

/** Longest pause between reconnection attempts, ms. */
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * Reconnection attempts a queued command waits through before failing: with the delays
 * above, about 100 s of Redis being away (a restart or a Sentinel failover fits well).
 */
const STORE_MAX_RETRIES_PER_REQUEST = 60;

/**
 * Opens an ioredis connection for the store and audit sink, from a URL or the loaded
 * {@link RedisConfig} (through Sentinel when it names sentinels). Commands issued
 * while Redis is away wait in the offline queue and run once it is back, failing only
 * after about 100 s; a READONLY reply (a demoted primary after failover) reconnects
 * and resends. `overrides` win, e.g. `{ maxRetriesPerRequest: null }`, which BullMQ
 * requires for its own connections. Key prefixes are applied by the callers, not here.
 */
export function createRedis(target: string | RedisConfig, overrides: Partial<RedisOptions> = {}): Redis {
  const options: RedisOptions = {
    connectionName: 'countersign',
    enableOfflineQueue: true,
    enableReadyCheck: true,
    maxRetriesPerRequest: STORE_MAX_RETRIES_PER_REQUEST,
    retryStrategy: (times) => Math.min(times * 100, MAX_RECONNECT_DELAY_MS),
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
  };
  if (typeof target === 'string') return new Redis(target, { ...options, ...overrides });

  const url = new URL(target.url);
  const db = Number(url.pathname.replace(/^\//, '') || '0');
  const auth = {
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(target.password ? { password: target.password } : {}),
  };
  const tls =
    url.protocol === 'rediss:' ? { tls: target.tlsCa === undefined ? {} : { ca: target.tlsCa } } : {};
  if (!target.sentinel) {
    return new Redis(target.url, { ...options, ...auth, ...tls, ...overrides });
  }
  return new Redis({
    ...options,
    ...auth,
    ...tls,
    db,
    name: target.sentinel.name,
    sentinels: target.sentinel.nodes.map((node) => ({ host: node.host, port: node.port })),
    ...(target.sentinel.password ? { sentinelPassword: target.sentinel.password } : {}),
    ...(url.protocol === 'rediss:' ? { enableTLSForSentinelMode: true } : {}),
    ...overrides,
  });
}
