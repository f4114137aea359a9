/**
 * Group Countersign adds to every request it sends as a requester (`executeAs:
 * requester`), next to the requester's own groups, so the API server's audit log shows
 * the call came through Countersign. It is NOT what the admission policy trusts: an
 * authenticator can put any group on a request (an unprefixed OIDC groups claim, a
 * client certificate's `O=`). It grants nothing by itself: no RBAC binding names it.
 */
export const COUNTERSIGN_APPROVED_GROUP = 'countersign:approved';

/**
 * User-extra key Countersign impersonates on every request it sends as a requester,
 * with value {@link COUNTERSIGN_APPROVED_VALUE}; the protected-namespace admission
 * policy (manifests/base/admission/protected-namespaces.yaml) lets those requests
 * through. Keys under `kubernetes.io` are reserved: no configurable authenticator may
 * emit them (structured authentication refuses such claim mappings; certificates,
 * static tokens and ServiceAccount tokens carry only the API server's own keys), so
 * the key can only come from impersonation, which RBAC grants on exactly this key to
 * Countersign's worker alone.
 */
export const COUNTERSIGN_APPROVED_EXTRA = 'countersign.kubernetes.io/approved';

/** The value of {@link COUNTERSIGN_APPROVED_EXTRA}. */
export const COUNTERSIGN_APPROVED_VALUE = 'true';
