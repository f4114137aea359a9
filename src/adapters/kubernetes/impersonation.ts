import type { RequestContext } from '@kubernetes/client-node';
import { ClusterPermanentError } from '../../core/ports/cluster-errors.ts';
import {
  COUNTERSIGN_APPROVED_EXTRA,
  COUNTERSIGN_APPROVED_GROUP,
  COUNTERSIGN_APPROVED_VALUE,
} from './approved-group.ts';

/** The undici dispatcher client-node sends a request through. */
export type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

type DispatchOptions = Parameters<Dispatcher['dispatch']>[0];
type HeaderValue = string | string[] | number | undefined;

/** The Kubernetes user a request acts as. */
export interface ImpersonatedUser {
  readonly username: string;
  readonly groups: readonly string[];
}

const IMPERSONATION_HEADER = /^impersonate-/i;

/** Names Kubernetes keeps for itself: `system:masters`, nodes, controllers, `system:serviceaccount:...`. */
const RESERVED_NAME = /^system:/;

/**
 * Refuses to act as an identity Kubernetes reserves (a `system:` username or group,
 * `system:masters` above all): whatever an identity table or an IdP says, Countersign
 * never impersonates one. Throws a `ClusterPermanentError` (`cluster_forbidden`)
 * naming the name, so the request fails closed with a clear reason.
 */
export function refuseReservedIdentity(user: ImpersonatedUser): void {
  const reserved = [user.username, ...user.groups].find((name) => RESERVED_NAME.test(name));
  if (reserved === undefined) return;
  throw new ClusterPermanentError(
    'cluster_forbidden',
    `Countersign never acts as ${reserved}: names starting with "system:" belong to Kubernetes itself. Map the requester to their own username and groups in the identity table.`,
  );
}

/**
 * Wraps a dispatcher so every request it sends impersonates `user`: one
 * `Impersonate-User` header and one `Impersonate-Group` header line per group, plus
 * {@link COUNTERSIGN_APPROVED_GROUP} for the audit log and the user extra
 * {@link COUNTERSIGN_APPROVED_EXTRA}, which the protected-namespace admission policy
 * lets through.
 * Kubernetes reads repeated header lines, not a comma-joined value, so the headers
 * are set here, below fetch (whose Headers would join them into one line). Any
 * impersonation header already present (a kubeconfig `as:`) is replaced. The
 * wrapper shares the base dispatcher's connection pool. A reserved identity is refused
 * (see {@link refuseReservedIdentity}).
 */
export function impersonating(base: Dispatcher, user: ImpersonatedUser): Dispatcher {
  refuseReservedIdentity(user);
  return base.compose(
    (dispatch) => (options, handler) =>
      // The cast bridges two copies of @types/node (undici's and ours) that spell header maps differently.
      dispatch(
        { ...options, headers: withImpersonation(options.headers, user) as DispatchOptions['headers'] },
        handler,
      ),
  );
}

function withImpersonation(
  headers: DispatchOptions['headers'],
  user: ImpersonatedUser,
): Record<string, HeaderValue> {
  const out: Record<string, HeaderValue> = {};
  for (const [name, value] of headerEntries(headers)) {
    if (!IMPERSONATION_HEADER.test(name)) out[name] = value;
  }
  out['impersonate-user'] = user.username;
  out['impersonate-group'] = [
    ...user.groups.filter((g) => g !== COUNTERSIGN_APPROVED_GROUP),
    COUNTERSIGN_APPROVED_GROUP,
  ];
  out[`impersonate-extra-${encodeURIComponent(COUNTERSIGN_APPROVED_EXTRA)}`] = COUNTERSIGN_APPROVED_VALUE;
  return out;
}

function headerEntries(headers: DispatchOptions['headers']): [string, HeaderValue][] {
  if (headers === null || headers === undefined) return [];
  if (Array.isArray(headers) && headers.every((h) => typeof h === 'string')) {
    const pairs: [string, HeaderValue][] = [];
    for (let i = 0; i + 1 < headers.length; i += 2) pairs.push([headers[i] as string, headers[i + 1]]);
    return pairs;
  }
  if (Symbol.iterator in headers) return Array.from(headers as Iterable<[string, HeaderValue]>);
  return Object.entries(headers);
}
