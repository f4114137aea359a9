import { UserFacingError } from '../errors.ts';
import type { ChatPlatform, Principal } from '../ports/identity.ts';
import { lookupIdentity, type IdentityTable } from './identity-table.ts';
import { linkPrincipal } from './link-principal.ts';
import { emailKey } from './person-keys.ts';

/** What a chat surface knows of the person who typed or clicked. */
export interface ChatUser {
  readonly platform: ChatPlatform;
  /** Immutable platform user ID (Slack user ID, Entra object ID, OIDC subject). */
  readonly userId: string;
  /** The platform's email for the user, when it gave one. */
  readonly email?: string;
  readonly displayName?: string;
}

/** How chat users become Kubernetes users (docs/spec.md §4 "Identity"). */
export interface IdentityRules {
  readonly mode: 'table' | 'email';
  readonly table: IdentityTable;
  /** Prepended to the email in `email` mode, e.g. `oidc:`. */
  readonly emailUsernamePrefix: string;
}

/**
 * The principal with its identity mode and the identifiers the table's `people` links
 * to it, looked up by its platform user ID and username, and by its email only in
 * `email` mode (where an email is identity; in `table` mode it is editable by others).
 */
function withLinks(
  rules: IdentityRules,
  user: ChatUser,
  principal: Principal & { readonly username: string },
): Principal {
  const email = rules.mode === 'email' && user.email ? [emailKey(user.email)] : [];
  return linkPrincipal(rules.table, { ...principal, identityMode: rules.mode }, email);
}

/**
 * Maps a chat user to a {@link Principal}. In `table` mode only the admin's table keyed
 * by the immutable user ID counts; in `email` mode (opt-in, safe only where the
 * workspace's emails come from SSO, since an editable email would let a user become
 * someone else) the table is consulted first and the email is the fallback, with
 * groups from `emailGroups`. The principal carries the mode and the identifiers the
 * table's `people` links to it. Someone who cannot be mapped gets a clear refusal.
 */
export function resolvePrincipal(rules: IdentityRules, user: ChatUser): Principal {
  const base = {
    platform: user.platform,
    platformUserId: user.userId,
    ...(user.email ? { email: user.email } : {}),
    ...(user.displayName ? { displayName: user.displayName } : {}),
  };
  const listed = lookupIdentity(rules.table, user.platform, user.userId);
  if (listed)
    return withLinks(rules, user, { ...base, username: listed.username, groups: [...listed.groups] });
  if (rules.mode === 'email' && user.email) {
    const email = user.email.toLowerCase();
    return withLinks(rules, user, {
      ...base,
      username: `${rules.emailUsernamePrefix}${email}`,
      groups: [...(rules.table.emailGroups[email] ?? [])],
    });
  }
  throw new UserFacingError(
    'unknown_identity',
    rules.mode === 'email'
      ? `Countersign could not find an email for your ${user.platform} account (${user.userId}), so it cannot tell who you are in Kubernetes. Ask an admin to add you to the identity table.`
      : `Your ${user.platform} account (${user.userId}) is not in Countersign's identity table, so it cannot tell who you are in Kubernetes. Ask an admin to add it.`,
  );
}
