import type { DevUser } from '../../../config/config.ts';
import { linkPrincipal } from '../../../core/identity/link-principal.ts';
import { resolvePrincipal, type IdentityRules } from '../../../core/identity/resolve-principal.ts';
import type { Principal } from '../../../core/ports/identity.ts';
import type { SessionUser } from './session.ts';

/** How console users become principals: the dev users list, or the identity rules for OIDC subjects. */
export interface ConsoleIdentity {
  readonly devUsers?: readonly DevUser[];
  readonly identity: IdentityRules;
}

/** A dev user as the workflow sees them: platform `web`, the name as both ID and Kubernetes username. */
export function devPrincipal(user: DevUser): Principal {
  return {
    platform: 'web',
    platformUserId: user.username,
    username: user.username,
    groups: [...user.groups],
  };
}

/**
 * The principal of a signed-in session, resolved again on every request so a changed
 * identity table or dev users list applies at once. A dev user no longer listed (or dev
 * mode turned off) is undefined: signed out; a listed one carries what the table's
 * `people` link to their name (`web: [bob]` or `usernames: [bob]`), e.g. a PagerDuty user. An OIDC subject goes through
 * `resolvePrincipal` (platform `web`, user ID = `sub`), which throws a `UserFacingError`
 * for someone the table does not know.
 */
export function consolePrincipal(user: SessionUser, people: ConsoleIdentity): Principal | undefined {
  if (user.kind === 'dev') {
    const listed = people.devUsers?.find((u) => u.username === user.username);
    return listed ? linkPrincipal(people.identity.table, devPrincipal(listed)) : undefined;
  }
  return resolvePrincipal(people.identity, {
    platform: 'web',
    userId: user.subject,
    ...(user.email !== undefined ? { email: user.email } : {}),
    ...(user.name !== undefined ? { displayName: user.name } : {}),
  });
}
