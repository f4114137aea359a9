import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from './caller.ts';
import { isImpersonationHeader } from './forward-headers.ts';
import { ProxyUnavailableError } from './proxy-error.ts';
import type { Upstream } from './upstream.ts';

/** A caller's own `--as`: who they asked to act as, or a refusal naming why. */
export type AsOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'as'; readonly caller: Caller }
  | { readonly kind: 'refused'; readonly message: string };

const values = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Handles impersonation headers a client sent itself (`kubectl --as`): each asked
 * user, group and UID is checked with a SubjectAccessReview for the caller
 * (`impersonate` on `users`, `groups`, `uids`); all allowed → the request acts as the
 * asked identity, as the API server itself would do; anything else is refused.
 * `Impersonate-Extra-*` is refused outright.
 */
export async function callerImpersonation(
  upstream: Upstream,
  caller: Caller,
  headers: IncomingHttpHeaders,
): Promise<AsOutcome> {
  const names = Object.keys(headers).filter(isImpersonationHeader);
  if (names.length === 0) return { kind: 'none' };
  if (names.some((n) => /^impersonate-extra-/i.test(n))) {
    return { kind: 'refused', message: 'countersign proxy: Impersonate-Extra headers are not supported' };
  }
  const user = values(headers['impersonate-user'])[0];
  if (!user) {
    return {
      kind: 'refused',
      message: 'countersign proxy: impersonating groups or a UID needs Impersonate-User',
    };
  }
  const groups = values(headers['impersonate-group']);
  const uid = values(headers['impersonate-uid'])[0];
  const checks: { resource: string; group: string; name: string }[] = [
    { resource: 'users', group: '', name: user },
    ...groups.map((name) => ({ resource: 'groups', group: '', name })),
    ...(uid ? [{ resource: 'uids', group: 'authentication.k8s.io', name: uid }] : []),
  ];
  for (const check of checks) {
    if (!(await mayImpersonate(upstream, caller, check))) {
      return {
        kind: 'refused',
        message: `users "${caller.username}" cannot impersonate resource "${check.resource}" in API group "${check.group}" named "${check.name}" (countersign proxy)`,
      };
    }
  }
  return { kind: 'as', caller: { username: user, groups, ...(uid ? { uid } : {}) } };
}

async function mayImpersonate(
  upstream: Upstream,
  caller: Caller,
  check: { resource: string; group: string; name: string },
): Promise<boolean> {
  let answer: { status: number; body: unknown };
  try {
    answer = await upstream.json('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: caller.username,
        groups: caller.groups,
        ...(caller.uid ? { uid: caller.uid } : {}),
        resourceAttributes: {
          verb: 'impersonate',
          group: check.group,
          resource: check.resource,
          name: check.name,
        },
      },
    });
  } catch (error) {
    throw new ProxyUnavailableError(
      `cluster ${upstream.name} did not answer the SubjectAccessReview: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (answer.status !== 201 && answer.status !== 200) {
    throw new ProxyUnavailableError(
      `cluster ${upstream.name} refused the SubjectAccessReview with HTTP ${answer.status}`,
    );
  }
  return (answer.body as { status?: { allowed?: boolean } } | undefined)?.status?.allowed === true;
}
