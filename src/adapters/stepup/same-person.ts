import { UserFacingError } from '../../core/errors.ts';
import { resolvePrincipal, type IdentityRules } from '../../core/identity/resolve-principal.ts';
import { isSamePerson as surelySamePerson } from '../../core/identity/same-person.ts';
import type { Principal } from '../../core/ports/identity.ts';
import type { SignedInIdentity } from './signed-in-identity.ts';

/**
 * True when the person who just signed in at the identity provider is the chat user who
 * clicked (or typed). Console users (`web`) are OIDC subjects already, so the ID
 * token's `sub` must equal their `platformUserId`. For Slack and Teams users the
 * subject is mapped by the identity rules as a console user would be (a `web` table
 * entry for the subject; in email mode only, the verified email with its prefix) and
 * must surely be the same person: the same Kubernetes username, or an identifier the
 * table's `people` links. An email alone never counts: in table mode the chat
 * platform's email may be changed by a workspace admin or a SCIM sync, and an
 * unverified one (`email_verified` not true) is never used at all.
 */
export function isSamePerson(identity: SignedInIdentity, person: Principal, rules: IdentityRules): boolean {
  if (person.platform === 'web') return identity.subject === person.platformUserId;
  const email = identity.emailVerified ? identity.email : undefined;
  try {
    const signedIn = resolvePrincipal(rules, {
      platform: 'web',
      userId: identity.subject,
      ...(email === undefined ? {} : { email }),
    });
    return surelySamePerson(signedIn, person);
  } catch (error) {
    if (error instanceof UserFacingError) return false;
    throw error;
  }
}
