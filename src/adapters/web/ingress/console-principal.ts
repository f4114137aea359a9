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

/**
 * The principal of a signed-in session, resolved afresh on every request: a listed dev
 * user (platform `web`, the name as ID and Kubernetes username, with what the identity
 * table's `people` link to that name), undefined for one no longer listed, or an OIDC
 * subject through `resolvePrincipal`, which refuses one the table does not know.
 */
export function consolePrincipal(user: SessionUser, people: ConsoleIdentity): Principal | undefined {
  if (user.kind === 'dev') {
    const listed = people.devUsers?.find((u) => u.username === user.username);
    if (!listed) return undefined;
    const { username, groups } = listed;
    return linkPrincipal(people.identity.table, {
      platform: 'web',
      platformUserId: username,
      username,
      groups: [...groups],
    });
  }
  return resolvePrincipal(people.identity, {
    platform: 'web',
    userId: user.subject,
    ...(user.email !== undefined ? { email: user.email } : {}),
    ...(user.name !== undefined ? { displayName: user.name } : {}),
  });
}
