import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { CountersignError } from '../../core/errors.ts';
import type { Caller } from './caller.ts';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

/** True for the headers a client may use to act as someone else. */
export function isImpersonationHeader(name: string): boolean {
  return /^impersonate-/i.test(name);
}

/**
 * The headers to send upstream for a caller's request: the client's own, minus its
 * credentials (`Authorization`), any `Impersonate-*` it sent and hop-by-hop headers
 * (kept for an upgrade, which needs `Connection` and `Upgrade`), plus impersonation
 * of `caller` (`Impersonate-User`, `-Uid`, one `Impersonate-Group` line per group,
 * and `extraGroups`). Throws when the caller has no username: a request that would
 * run as Countersign itself is never built (impersonation fails closed).
 */
export function forwardHeaders(
  incoming: IncomingHttpHeaders,
  caller: Caller,
  options: {
    readonly upgrade?: boolean;
    readonly extraGroups?: readonly string[];
    /** User extras to impersonate (the approval mark), by key. */
    readonly extra?: Readonly<Record<string, string>>;
  } = {},
): OutgoingHttpHeaders {
  if (caller.username.trim() === '') {
    throw new CountersignError(
      'impersonation_missing',
      'refusing to forward a request with no user to act as',
    );
  }
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (lower === 'authorization' || isImpersonationHeader(lower)) continue;
    if (HOP_BY_HOP.has(lower) && !(options.upgrade && (lower === 'connection' || lower === 'upgrade')))
      continue;
    out[lower] = value;
  }
  out['impersonate-user'] = caller.username;
  if (caller.uid) out['impersonate-uid'] = caller.uid;
  const groups = [...new Set([...caller.groups, ...(options.extraGroups ?? [])])].filter(
    (g) => g !== 'system:authenticated',
  );
  if (groups.length > 0) out['impersonate-group'] = groups;
  for (const [key, value] of Object.entries(options.extra ?? {})) {
    out[`impersonate-extra-${encodeURIComponent(key)}`] = value;
  }
  return out;
}

/** The response headers to pass back to the client: the API server's, minus hop-by-hop ones. */
export function responseHeaders(incoming: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name.toLowerCase())) continue;
    out[name] = value;
  }
  return out;
}
