import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from '../../config/settings.ts';

/** Which origins may POST to the site. */
export interface OriginRules {
  /** The origin of the public base URL, e.g. `https://countersign.example.com`. */
  readonly publicOrigin: string;
}

/** Why a POST was refused, for the log; the person only sees "refused". */
export type CsrfVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * The console's cross-site request forgery defence for every POST, in three layers
 * (the session cookie is also SameSite=Strict, so a cross-site form never carries it):
 * the `Origin` header must be the console's own (its public origin, or the very
 * loopback `http://host:port` the browser addressed; with no `Origin`, `Sec-Fetch-Site`
 * must say same-origin), a valid session must exist, and the request must carry that
 * session's CSRF token, compared in constant time.
 */
export function checkCsrf(
  req: IncomingMessage,
  session: { readonly csrf: string } | undefined,
  token: string | undefined,
  rules: OriginRules,
): CsrfVerdict {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (!sameOrigin(origin, req, rules)) return { ok: false, reason: `cross-origin POST from ${origin}` };
  } else if (req.headers['sec-fetch-site'] !== 'same-origin') {
    return { ok: false, reason: 'POST without Origin or Sec-Fetch-Site: same-origin' };
  }
  if (!session) return { ok: false, reason: 'POST without a valid session' };
  if (token === undefined || !tokensEqual(token, session.csrf)) {
    return { ok: false, reason: 'POST without the session CSRF token' };
  }
  return { ok: true };
}

function sameOrigin(origin: string, req: IncomingMessage, rules: OriginRules): boolean {
  if (origin === rules.publicOrigin) return true;
  const host = req.headers.host;
  if (host === undefined) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return false;
  }
  return isLoopbackHost(hostname) && origin === `http://${host}`;
}

function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
