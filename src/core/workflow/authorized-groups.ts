import { platformKey } from '../identity/person-keys.ts';
import type { Policy } from '../policy/policy.ts';
import type { Principal } from '../ports/identity.ts';
import type { MembershipPort } from '../ports/membership.ts';

/**
 * True when an approver group's `users` entry names the person: their Kubernetes
 * username, their immutable platform user ID (bare, or as `slack:U0123`,
 * `teams:<object ID>`, `web:<subject>`), or, only when they were resolved in `email`
 * identity mode, their email. In `table` mode an email names nobody: a workspace admin
 * or a SCIM sync can change it.
 */
function names(entry: string, person: Principal): boolean {
  if (entry === person.username || entry === person.platformUserId) return true;
  const colon = entry.indexOf(':');
  if (
    colon > 0 &&
    entry.slice(0, colon) === person.platform &&
    platformKey(person.platform, entry.slice(colon + 1)) ===
      platformKey(person.platform, person.platformUserId)
  ) {
    return true;
  }
  return (
    person.identityMode === 'email' &&
    person.email !== undefined &&
    entry.toLowerCase() === person.email.toLowerCase()
  );
}

/**
 * Which of `groupNames` the person belongs to now, by the policy's current group
 * definitions: listed in `users` (see `names`: username, platform user ID, email only
 * in email mode), or a member of the group's chat-native counterpart. A group the
 * policy no longer defines authorizes nobody.
 */
export async function authorizedGroups(
  policy: Policy,
  membership: MembershipPort,
  person: Principal,
  groupNames: readonly string[],
): Promise<string[]> {
  const checks = groupNames.map(async (name) => {
    const group = policy.approverGroups.get(name);
    if (!group) return undefined;
    const listed = group.users.some((user) => names(user, person));
    if (listed) return name;
    if (group.slackUserGroup === undefined && group.teamsGroupId === undefined) return undefined;
    return (await membership.isMember(person, group)) ? name : undefined;
  });
  return (await Promise.all(checks)).filter((name): name is string => name !== undefined);
}
