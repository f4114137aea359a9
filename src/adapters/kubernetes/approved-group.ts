/**
 * Group Countersign adds to every request it sends as a requester (`executeAs:
 * requester`), next to the requester's own groups. Only a holder of `impersonate` on
 * groups can put a group on a request, so the admission policy
 * manifests/base/admission/protected-namespaces.yaml trusts it to tell Countersign's
 * calls for a person from the same person acting directly. It grants nothing by itself:
 * no RBAC binding names it.
 */
export const COUNTERSIGN_APPROVED_GROUP = 'countersign:approved';
