import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { StepUpIntent } from '../../core/ports/step-up.ts';
import { storeKeys, type StoreKeys } from '../store/keys.ts';

const principal = z.object({
  platform: z.enum(['slack', 'teams', 'web']),
  platformUserId: z.string(),
  username: z.string(),
  groups: z.array(z.string()),
  email: z.string().optional(),
  displayName: z.string().optional(),
});

const intent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('approve'), requestId: z.string(), person: principal }),
  z.object({ kind: z.literal('file'), text: z.string(), requester: principal }),
]);

const pendingSchema = z.object({ intent, clickedAt: z.number() });
const flowSchema = pendingSchema.extend({ nonce: z.string(), codeVerifier: z.string() });

/** A step-up waiting for its link to be opened: what to do, and when the person clicked. */
export interface PendingStepUp {
  readonly intent: StepUpIntent;
  /** ms since the epoch, from the workflow's clock. */
  readonly clickedAt: number;
}

/** A step-up whose sign-in is under way at the provider, keyed by its OIDC `state`. */
export interface StepUpFlow extends PendingStepUp {
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** How long each stage may take, seconds. */
export interface StepUpTimeouts {
  /** From the click to opening the link. */
  readonly linkSeconds: number;
  /** From opening the link to coming back from the provider. */
  readonly flowSeconds: number;
}

/** The shape of a link token: 32 random bytes, base64url. */
export const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Step-ups in flight, in Redis so any replica can finish what another began. A link
 * token and an OIDC state are each usable once (GETDEL) and expire on their own (PX);
 * keys hold a SHA-256 of the token or state, so someone who can read Redis cannot
 * open a link.
 */
export class PendingStepUps {
  private readonly redis: Redis;
  private readonly keys: StoreKeys;
  private readonly timeouts: StepUpTimeouts;

  constructor(redis: Redis, keyPrefix: string, timeouts: StepUpTimeouts) {
    this.redis = redis;
    this.keys = storeKeys(keyPrefix);
    this.timeouts = timeouts;
  }

  /** Stores a pending step-up and returns its new link token. */
  async create(pending: PendingStepUp): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const stored = await this.redis.set(
      this.linkKey(token),
      JSON.stringify(pending),
      'PX',
      Math.round(this.timeouts.linkSeconds * 1000),
      'NX',
    );
    if (stored !== 'OK') throw new Error('a step-up link token collided');
    return token;
  }

  /** The pending step-up of `token` without using it up (the link page's GET). */
  async peek(token: string): Promise<PendingStepUp | undefined> {
    return decode(pendingSchema, await this.redis.get(this.linkKey(token)));
  }

  /** Uses up `token`: the pending step-up, or undefined if it expired or was used. */
  async take(token: string): Promise<PendingStepUp | undefined> {
    return decode(pendingSchema, await this.redis.getdel(this.linkKey(token)));
  }

  /** Remembers a sign-in started with `state`. */
  async startFlow(state: string, flow: StepUpFlow): Promise<void> {
    const ttlMs = Math.round(this.timeouts.flowSeconds * 1000);
    await this.redis.set(this.flowKey(state), JSON.stringify(flow), 'PX', ttlMs);
  }

  /** Uses up `state`: the flow, or undefined if it is unknown, expired or was used. */
  async takeFlow(state: string): Promise<StepUpFlow | undefined> {
    return decode(flowSchema, await this.redis.getdel(this.flowKey(state)));
  }

  private linkKey(token: string): string {
    return this.keys.stepUpLink(sha256(token));
  }

  private flowKey(state: string): string {
    return this.keys.stepUpFlow(sha256(state));
  }
}

function decode<T>(schema: z.ZodType<T>, text: string | null): T | undefined {
  if (text === null) return undefined;
  const parsed = schema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
