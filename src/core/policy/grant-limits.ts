import type { AccessRequest } from '../requests/request-types.ts';
import type { GrantableRole, Policy } from './policy.ts';

/** What the grantable-role list says about one access request. */
export interface GrantCheck {
  /** Why the grant cannot be given at all, e.g. the role is not grantable. */
  readonly denials: readonly string[];
  /** The grantable role asked for, when it is listed. */
  readonly role?: GrantableRole;
}

/**
 * Checks an access request against `spec.grantableRoles`: a role grant must name a
 * listed role in one of its scopes. Grants of explicit rules are not checked here;
 * durations are checked once every limit is known (see combine).
 */
export function checkGrant(policy: Policy, request: AccessRequest): GrantCheck {
  const { grant } = request;
  if (grant.kind !== 'role') return { denials: [] };
  const role = policy.grantableRoles.get(grant.role);
  if (!role) {
    const listed = [...policy.grantableRoles.keys()];
    const known =
      listed.length > 0 ? `grantable roles: ${listed.join(', ')}` : 'this policy lists no grantable roles';
    return { denials: [`role ${grant.role} is not grantable (${known})`] };
  }
  if (!role.scopes.includes(grant.scope)) {
    const allowed = role.scopes
      .map((scope) => (scope === 'cluster' ? 'cluster-wide' : 'in a namespace'))
      .join(' or ');
    const asked = grant.scope === 'cluster' ? 'cluster-wide' : 'in a namespace';
    return { denials: [`role ${grant.role} may be granted only ${allowed}, not ${asked}`], role };
  }
  return { denials: [], role };
}
