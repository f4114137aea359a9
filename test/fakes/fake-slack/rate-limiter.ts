import type { RateLimit } from './fake-slack-types.ts';

/** Sliding-window call counts per Web API method; a method with no limit is never limited. */
export class RateLimiter {
  private readonly limits = new Map<string, RateLimit>();
  private readonly accepted = new Map<string, number[]>();

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
}
