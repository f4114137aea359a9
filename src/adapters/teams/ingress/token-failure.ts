import { AuthenticationError } from 'botframework-connector';

/** Why a Bot Framework token was not accepted, and whether it is the caller's fault. */
export interface TokenFailure {
  /** `refused`: the token is not valid; `unavailable`: it could not be checked (signing keys unreachable). */
  readonly kind: 'refused' | 'unavailable';
  /** The verifier's reason, one line (e.g. `invalid signature`, `jwt signature is required`). */
  readonly reason: string;
}

/** jsonwebtoken's error names: a signature, format or time check failed. */
const JWT_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * Classifies what botframework-connector threw while authenticating: only a failure to
 * fetch the OpenID metadata or keys (a 5xx `AuthenticationError`, a network error) is
 * `unavailable`; anything else is a refusal.
 */
export function tokenFailure(error: unknown): TokenFailure {
  const err = error instanceof Error ? error : new Error(String(error));
  const reason = (err.message.split('\n', 1)[0] ?? '').slice(0, 200);
  if (err instanceof AuthenticationError) {
    return { kind: err.statusCode >= 500 ? 'unavailable' : 'refused', reason };
  }
  if (JWT_ERRORS.has(err.name)) return { kind: 'refused', reason };
  const network = err.name === 'FetchError' || (err.name === 'TypeError' && err.message === 'fetch failed');
  return { kind: network ? 'unavailable' : 'refused', reason };
}
