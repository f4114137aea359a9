import type { Redis } from 'ioredis';
import { createRedis } from '../adapters/store/create-redis.ts';
import type { Config } from '../config/config.ts';
import { loadConfig } from '../config/load.ts';
import { ConfigInvalidError } from '../core/errors.ts';

/**
 * Loads the configuration for a CLI command that reads Countersign's state and opens
 * a Redis connection (one that fails fast: a command-line user should not wait for a
 * Redis that is not there). Config problems are printed, naming each variable, and
 * yield undefined.
 */
export function redisForCli(stderr: (line: string) => void): { config: Config; redis: Redis } | undefined {
  try {
    const config = loadConfig();
    const redis = createRedis(config.redis, {
      maxRetriesPerRequest: 1,
      connectTimeout: 3000,
      retryStrategy: (times) => (times > 3 ? null : 200),
    });
    // Failures surface through the command that needed Redis; the event would only repeat them.
    redis.on('error', () => undefined);
    return { config, redis };
  } catch (error) {
    if (!(error instanceof ConfigInvalidError)) throw error;
    for (const issue of error.issues) stderr(`${issue.variable}: ${issue.message}`);
    return undefined;
  }
}
