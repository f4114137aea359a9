import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { storeKeys } from './keys.ts';

/**
 * The secret that signs console cookies. `SESSION_SECRET` when configured (required
 * with OIDC); otherwise (dev users, or no sign-in at all) a random secret created once
 * in Redis (the store's `consoleSessionSecret` key) with SET NX, so every replica on the
 * same Redis signs and accepts the same cookies and a restart keeps people signed in.
 */
export async function resolveSessionSecret(
  configured: string | undefined,
  redis: Redis,
  keyPrefix: string,
): Promise<string> {
  if (configured !== undefined) return configured;
  const key = storeKeys(keyPrefix).consoleSessionSecret;
  await redis.set(key, randomBytes(32).toString('hex'), 'NX');
  const secret = await redis.get(key);
  if (!secret) throw new Error(`console session secret ${key} could not be read back from Redis`);
  return secret;
}
