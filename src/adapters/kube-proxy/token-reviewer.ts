import { createHash } from 'node:crypto';
import { ExpiringCache } from '../cache/expiring-cache.ts';
import type { Caller } from './caller.ts';
import { ProxyUnavailableError } from './proxy-error.ts';
import type { Upstream } from './upstream.ts';

/** How long a TokenReview answer is trusted; short, so a revoked token stops working soon. */
export const TOKEN_CACHE_MS = 10_000;
/**
 * Past this age a cached answer that is used again is asked afresh in the background
 * (the request goes on with the cached answer, still within {@link TOKEN_CACHE_MS}), so a
 * token in steady use never waits for a TokenReview and is re-checked at least this often.
 */
export const TOKEN_REFRESH_AFTER_MS = TOKEN_CACHE_MS / 2;
const REVIEW_TIMEOUT_MS = 10_000;
const MAX_CACHED = 10_000;

interface TokenReviewStatus {
  authenticated?: boolean;
  user?: { username?: string; uid?: string; groups?: string[] };
}

/** A TokenReview answer and when it was asked (the clock's ms). */
interface Reviewed {
  readonly caller: Caller | undefined;
  readonly askedAt: number;
}

/**
 * Learns who a bearer token belongs to by asking the cluster (TokenReview, as
 * Countersign). Answers are cached for {@link TOKEN_CACHE_MS} under the token's
 * SHA-256, never the token itself; one used again past {@link TOKEN_REFRESH_AFTER_MS}
 * is re-asked in the background, and the new answer (a token no longer accepted too)
 * replaces it. An API server that cannot answer is a {@link ProxyUnavailableError}:
 * the caller is neither admitted nor refused. A background re-ask that fails changes
 * nothing: the cached answer lapses at its time and the next request asks again.
 */
export class TokenReviewer {
  private readonly cache: ExpiringCache<string, Reviewed>;
  private readonly now: () => number;
  private readonly refreshing = new Set<string>();

  constructor(
    private readonly upstream: Upstream,
    now?: () => number,
  ) {
    this.now = now ?? (() => performance.now());
    this.cache = new ExpiringCache({ ttlMs: TOKEN_CACHE_MS, max: MAX_CACHED, now: this.now });
  }

  /** The token's owner, or undefined when the cluster does not accept the token. */
  async review(token: string): Promise<Caller | undefined> {
    const key = createHash('sha256').update(token).digest('hex');
    const reviewed = await this.cache.get(key, () => this.reviewed(token));
    if (this.now() - reviewed.askedAt >= TOKEN_REFRESH_AFTER_MS) this.refresh(key, token);
    return reviewed.caller;
  }

  /**
   * Re-asks in the background, once at a time per token, after the request at hand has
   * gone on (so it keeps the pooled connection); the answer replaces the cached one
   * unless that was asked later still (a request that found the entry lapsed asked again).
   */
  private refresh(key: string, token: string): void {
    if (this.refreshing.has(key)) return;
    this.refreshing.add(key);
    setImmediate(() => {
      this.reviewed(token)
        .then((reviewed) => {
          const current = this.cache.peek(key);
          if (!current || current.askedAt <= reviewed.askedAt) this.cache.set(key, reviewed);
        })
        .catch(() => undefined)
        .finally(() => this.refreshing.delete(key));
    });
  }

  private async reviewed(token: string): Promise<Reviewed> {
    const askedAt = this.now();
    return { caller: await this.ask(token), askedAt };
  }

  private async ask(token: string): Promise<Caller | undefined> {
    let answer: { status: number; body: unknown };
    try {
      answer = await this.upstream.json(
        'POST',
        '/apis/authentication.k8s.io/v1/tokenreviews',
        { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } },
        AbortSignal.timeout(REVIEW_TIMEOUT_MS),
      );
    } catch (error) {
      throw new ProxyUnavailableError(
        `cluster ${this.upstream.name} did not answer the TokenReview: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (answer.status !== 201 && answer.status !== 200) {
      throw new ProxyUnavailableError(
        `cluster ${this.upstream.name} refused the TokenReview with HTTP ${answer.status}`,
      );
    }
    const status = (answer.body as { status?: TokenReviewStatus } | undefined)?.status;
    const user = status?.user;
    if (!status?.authenticated || !user?.username) return undefined;
    return {
      username: user.username,
      ...(user.uid ? { uid: user.uid } : {}),
      groups: user.groups ?? [],
    };
  }
}
