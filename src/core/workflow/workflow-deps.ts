import type { Policy } from '../policy/policy.ts';
import { incidentIdPattern } from '../requests/incident-id-pattern.ts';
import { DEFAULT_RESERVED_NAMESPACES } from '../policy/reserved-namespaces.ts';
import type { AuditSink } from '../ports/audit-sink.ts';
import type { Clock } from '../ports/clock.ts';
import type { ClusterPort } from '../ports/cluster.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type { MembershipPort } from '../ports/membership.ts';
import { noOnCallService, type OnCallPort } from '../ports/on-call.ts';
import type { RequestStore } from '../ports/request-store.ts';

/**
 * Everything the request workflow reaches the world through. The composition root
 * (src/app) builds it from adapters; core tests build it from fakes.
 */
export interface WorkflowDeps {
  readonly store: RequestStore;
  readonly audit: AuditSink;
  readonly queue: JobQueue;
  readonly cluster: ClusterPort;
  readonly membership: MembershipPort;
  /** Who is on call (PagerDuty, Opsgenie), asked at a click and at filing; absent means no service is configured. */
  readonly onCall?: OnCallPort;
  readonly clock: Clock;
  /** The policy in force now; it may be reloaded between calls. */
  readonly policy: () => Policy;
  /** A fresh request ID (see src/core/requests/request-id.ts). */
  readonly newId: () => string;
  /** Cluster used when a request names none. */
  readonly defaultCluster: string;
  /** How long before a grant's expiry its holder is reminded, ms. */
  readonly remindBeforeMs: number;
  /** What a `--incident` ID must match in full; absent means `DEFAULT_INCIDENT_ID_PATTERN`. */
  readonly incidentIdPattern?: RegExp;
  /** Namespaces never acted in or granted, whatever policy says; absent means `DEFAULT_RESERVED_NAMESPACES`. */
  readonly reservedNamespaces?: readonly string[];
}

/** The namespaces `deps` never acts in or grants access to. */
export function reservedNamespaces(deps: WorkflowDeps): readonly string[] {
  return deps.reservedNamespaces ?? DEFAULT_RESERVED_NAMESPACES;
}

/** The pattern `deps` accepts `--incident` IDs by. */
export function incidentIds(deps: WorkflowDeps): RegExp {
  return deps.incidentIdPattern ?? incidentIdPattern();
}

/** The on-call service of `deps`: one that fails closed when none is configured. */
export function onCallService(deps: WorkflowDeps): OnCallPort {
  return deps.onCall ?? noOnCallService;
}
