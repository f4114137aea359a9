import type { Principal } from '../ports/identity.ts';
import { linkedKeys, type IdentityTable } from './identity-table.ts';
import { platformKey, usernameKey } from './person-keys.ts';

/**
 * `principal` with `links`: every identifier the table's `people` links to its
 * immutable platform user ID (`slack:U0123`, `web:<subject>`, `kubectl:<UID>`), its
 * Kubernetes username (`username:alice`), or `extraKeys` (an email in `email` mode).
 * This is how a PagerDuty user ID or Opsgenie username becomes this person, for
 * on-call approval and `requesters.onCall`; a display name never links anyone.
 */
export function linkPrincipal(
  table: IdentityTable,
  principal: Principal,
  extraKeys: readonly string[] = [],
): Principal {
  const own = [
    platformKey(principal.platform, principal.platformUserId),
    usernameKey(principal.username),
    ...extraKeys,
  ];
  const links = linkedKeys(table, own);
  return links.length > 0 ? { ...principal, links } : principal;
}
