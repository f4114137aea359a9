import type { Policy } from '../policy/policy.ts';
import type { Principal } from '../ports/identity.ts';
import type { MembershipPort } from '../ports/membership.ts';

/**
 * Which of `groupNames` the person belongs to now, by the policy's current group
 * definitions: listed by Kubernetes username or email, or a member of the group's
 * chat-native counterpart. A group the policy no longer defines authorizes nobody.
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
    const listed = group.users.some(
      (user) =>
        user === person.username ||
        (person.email !== undefined && user.toLowerCase() === person.email.toLowerCase()),
    );
    if (listed) return name;
    if (group.slackUserGroup === undefined && group.teamsGroupId === undefined) return undefined;
    return (await membership.isMember(person, group)) ? name : undefined;
  });
  return (await Promise.all(checks)).filter((name): name is string => name !== undefined);
}
