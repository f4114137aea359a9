import { createHash } from 'node:crypto';
import { ExpiringCache } from '../cache/expiring-cache.ts';
import type { Caller } from './caller.ts';
import { ProxyUnavailableError } from './proxy-error.ts';
import type { Upstream } from './upstream.ts';

/** How long a TokenReview answer is trusted; short, so a revoked token stops working soon. */
export const TOKEN_CACHE_MS = 10_000;
const REVIEW_TIMEOUT_MS = 10_000;
const MAX_CACHED = 10_000;

interface TokenReviewStatus {
  authenticated?: boolean;
  user?: { username?: string; uid?: string; groups?: string[] };
}

/**
 * Learns who a bearer token belongs to by asking the cluster (TokenReview, as
 * Countersign). Answers are cached for {@link TOKEN_CACHE_MS} under the token's
 * SHA-256, never the token itself. An API server that cannot answer is a
 * {@link ProxyUnavailableError}: the caller is neither admitted nor refused.
 */
export class TokenReviewer {
  private readonly cache: ExpiringCache<string, { caller: Caller | undefined }>;

  constructor(
    private readonly upstream: Upstream,
    now?: () => number,
  ) {
    this.cache = new ExpiringCache({ ttlMs: TOKEN_CACHE_MS, max: MAX_CACHED, now });
  }

  /** The token's owner, or undefined when the cluster does not accept the token. */
  async review(token: string): Promise<Caller | undefined> {
    const key = createHash('sha256').update(token).digest('hex');
    const { caller } = await this.cache.get(key, async () => ({ caller: await this.ask(token) }));
    return caller;
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
