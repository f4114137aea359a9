import type {
  V1ClusterRoleBinding,
  V1ObjectMeta,
  V1PolicyRule,
  V1Role,
  V1RoleBinding,
} from '@kubernetes/client-node';
import { CountersignError } from '../../../core/errors.ts';
import type { BoundRole, GrantSpec } from '../../../core/ports/cluster-grants.ts';
import { rfc3339 } from '../rfc3339.ts';

/** Labels and annotations on every object a grant creates; the sweep and the admission policy key on them. */
export const GRANT_LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  requestId: 'countersign.io/request-id',
} as const;

export const GRANT_ANNOTATIONS = {
  expiresAt: 'countersign.io/expires-at',
  requester: 'countersign.io/requester',
  approvers: 'countersign.io/approvers',
  reason: 'countersign.io/reason',
} as const;

/**
 * The `countersign.io/expires-at` value for a grant ending at `ms`: RFC 3339 to the
 * second, rounded up, so the binding never reads as expired before the grant's record
 * does (the sweep would otherwise end it up to a second early).
 */
export function expiresAtAnnotation(ms: number): string {
  return rfc3339(Math.ceil(ms / 1000) * 1000);
}

/** The label selector that finds every binding Countersign manages. */
export const MANAGED_SELECTOR = `${GRANT_LABELS.managedBy}=countersign,${GRANT_LABELS.requestId}`;

const REQUEST_ID = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const MAX_REASON = 1000;
const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * The name of a grant's binding and generated Role: `countersign-<requestId>`. The ID
 * must also be a valid label value (at most 63 letters, digits, `-`, `_`, `.`).
 */
export function grantName(requestId: string): string {
  if (!REQUEST_ID.test(requestId)) {
    throw new CountersignError(
      'invalid_request_id',
      `Request ID "${requestId}" cannot name a binding: use at most 63 letters, digits, "-", "_" or ".".`,
    );
  }
  return `countersign-${requestId}`;
}

/** The role a grant's binding points at: the named role, or the Role generated for narrow rules. */
export function boundRole(spec: GrantSpec): BoundRole {
  return spec.role.kind === 'rules'
    ? { kind: 'Role', name: grantName(spec.requestId) }
    : { kind: spec.role.kind, name: spec.role.name };
}

/** The Role holding a grant's narrow rules, or undefined when it binds an existing role. */
export function generatedRole(spec: GrantSpec): V1Role | undefined {
  if (spec.role.kind !== 'rules') return undefined;
  const rules: V1PolicyRule[] = spec.role.rules.map((rule) => ({
    apiGroups: [rule.apiGroup],
    resources: [...rule.resources],
    verbs: [...rule.verbs],
    ...(rule.resourceNames.length > 0 ? { resourceNames: [...rule.resourceNames] } : {}),
  }));
  return { apiVersion: `${RBAC_GROUP}/v1`, kind: 'Role', metadata: metadata(spec), rules };
}

/** The RoleBinding (with a namespace) or ClusterRoleBinding (without) of a grant. */
export function grantBinding(spec: GrantSpec): V1RoleBinding | V1ClusterRoleBinding {
  const role = boundRole(spec);
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: spec.namespace ? 'RoleBinding' : 'ClusterRoleBinding',
    metadata: metadata(spec),
    roleRef: { apiGroup: RBAC_GROUP, kind: role.kind, name: role.name },
    subjects: [{ kind: 'User', apiGroup: RBAC_GROUP, name: spec.requester }],
  };
}

/** True when `meta` carries the labels of the grant for `requestId`. */
export function isOurs(meta: V1ObjectMeta | undefined, requestId: string): boolean {
  return (
    meta?.labels?.[GRANT_LABELS.managedBy] === 'countersign' &&
    meta.labels[GRANT_LABELS.requestId] === requestId
  );
}

function metadata(spec: GrantSpec): V1ObjectMeta {
  return {
    name: grantName(spec.requestId),
    ...(spec.namespace ? { namespace: spec.namespace } : {}),
    labels: { [GRANT_LABELS.managedBy]: 'countersign', [GRANT_LABELS.requestId]: spec.requestId },
    annotations: {
      [GRANT_ANNOTATIONS.expiresAt]: expiresAtAnnotation(spec.expiresAt),
      [GRANT_ANNOTATIONS.requester]: spec.requester,
      [GRANT_ANNOTATIONS.approvers]: spec.approvers.join(','),
      [GRANT_ANNOTATIONS.reason]:
        spec.reason.length > MAX_REASON ? `${spec.reason.slice(0, MAX_REASON - 1)}…` : spec.reason,
    },
  };
}
