import type { RateLimit } from './fake-slack-types.ts';
import { POST_MESSAGE_CHANNEL_BURST, SLACK_DOCUMENTED_LIMITS } from './slack-documented-limits.ts';

const CHANNEL_RATE_PER_MS = SLACK_DOCUMENTED_LIMITS.postMessagePerChannelPerSecond / 1000;

/** Sliding-window call counts per Web API method; a method with no limit is never limited. */
export class RateLimiter {
  private readonly limits = new Map<string, RateLimit>();
  private readonly accepted = new Map<string, number[]>();
  /** Per channel: messages chat.postMessage may still post at once, and when that was counted. */
  private readonly channels = new Map<string, { tokens: number; at: number }>();

  constructor(limits: Readonly<Record<string, RateLimit>> = {}) {
    for (const [method, limit] of Object.entries(limits)) this.limits.set(method, limit);
  }

  /** Sets or (with undefined) clears a method's limit, forgetting its past calls. */
  set(method: string, limit: RateLimit | undefined): void {
    this.accepted.delete(method);
    if (limit) this.limits.set(method, limit);
    else this.limits.delete(method);
  }

  /** Counts a call at `now`; returns the Retry-After seconds when it is over the limit (and not counted). */
  take(method: string, now: number): number | undefined {
    const limit = this.limits.get(method);
    if (!limit) return undefined;
    const recent = (this.accepted.get(method) ?? []).filter((t) => now - t < limit.windowMs);
    if (recent.length >= limit.limit) {
      this.accepted.set(method, recent);
      return limit.retryAfterSeconds;
    }
    recent.push(now);
    this.accepted.set(method, recent);
    return undefined;
  }

  /**
   * Slack's per-channel pace for chat.postMessage (one message a second, after a short
   * burst): the Retry-After seconds when a message to `channel` at `now` would exceed it.
   */
  channelRetryAfter(channel: string, now: number): number | undefined {
    const tokens = this.channelTokens(channel, now);
    if (tokens >= 1) return undefined;
    return Math.max(1, Math.ceil((1 - tokens) / CHANNEL_RATE_PER_MS / 1000));
  }

  /** Counts a message posted to `channel` at `now` (refused calls post nothing and are not counted). */
  channelPosted(channel: string, now: number): void {
    this.channels.set(channel, { tokens: this.channelTokens(channel, now) - 1, at: now });
  }

  private channelTokens(channel: string, now: number): number {
    const last = this.channels.get(channel) ?? { tokens: POST_MESSAGE_CHANNEL_BURST, at: now };
    return Math.min(POST_MESSAGE_CHANNEL_BURST, last.tokens + (now - last.at) * CHANNEL_RATE_PER_MS);
  }
}
