import { UserFacingError } from '../../core/errors.ts';
import { resolvePrincipal, type IdentityRules } from '../../core/identity/resolve-principal.ts';
import type { Principal } from '../../core/ports/identity.ts';
import type { SignedInIdentity } from './signed-in-identity.ts';

/**
 * True when the person who just signed in at the identity provider is the chat user who
 * clicked (or typed). Console users (`web`) are OIDC subjects already, so the ID
 * token's `sub` must equal their `platformUserId`. For Slack and Teams users the token
 * must carry a verified email (`email_verified: true`; an unverified one never counts)
 * that either equals the chat user's email, ignoring case, or is one the identity rules
 * map, together with the `sub`, to the same Kubernetes username (a `web` table entry
 * for the subject, or email mode with its prefix). Trusting the chat platform's email
 * is as safe as the identity rules already make it: only where emails come from SSO.
 */
export function isSamePerson(
  identity: SignedInIdentity,
  person: Principal,
  rules: IdentityRules | undefined,
): boolean {
  if (person.platform === 'web') return identity.subject === person.platformUserId;
  const email = identity.emailVerified ? identity.email : undefined;
  if (email !== undefined && person.email !== undefined && sameText(email, person.email)) return true;
  if (!rules) return false;
  try {
    const mapped = resolvePrincipal(rules, {
      platform: 'web',
      userId: identity.subject,
      ...(email === undefined ? {} : { email }),
    });
    return sameText(mapped.username, person.username);
  } catch (error) {
    if (error instanceof UserFacingError) return false;
    throw error;
  }
}

function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
