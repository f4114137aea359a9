import { platformKey } from '../identity/person-keys.ts';
import type { Policy } from '../policy/policy.ts';
import type { Principal } from '../ports/identity.ts';
import type { MembershipPort } from '../ports/membership.ts';
import { OnCallUnavailableError, type OnCallPort } from '../ports/on-call.ts';
import { describeOnCall } from '../policy/on-call-target.ts';
import { isOnCall } from '../identity/on-call-person.ts';
import { RefusalError } from '../lifecycle/refusal-error.ts';

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

/** Which groups authorize a person now, and the on-call groups that could not be checked. */
export interface GroupAnswer {
  readonly groups: string[];
  /** On-call look-ups that failed; their groups authorize nobody (fail closed). */
  readonly unavailable: OnCallUnavailableError[];
  /** The on-call targets that were asked and do not have the person on call now (`PagerDuty schedule P123`). */
  readonly offCall: string[];
}

/**
 * Which of `groupNames` the person belongs to now, by the policy's current group
 * definitions: listed in `users` (see `names`: username, platform user ID, email only
 * in email mode), a member of the group's chat-native counterpart, or, where the group
 * is `onCall` and an `onCall` port is given, on call for its schedule now (see
 * `isOnCall`). A group the policy no longer defines authorizes nobody, nor does an
 * on-call group when no port is given (lists of "what needs you") or its service
 * could not answer (reported in `unavailable`).
 */
export async function checkGroups(
  policy: Policy,
  membership: MembershipPort,
  person: Principal,
  groupNames: readonly string[],
  onCall?: OnCallPort,
): Promise<GroupAnswer> {
  const unavailable: OnCallUnavailableError[] = [];
  const offCall: string[] = [];
  const checks = groupNames.map(async (name) => {
    const group = policy.approverGroups.get(name);
    if (!group) return undefined;
    const listed = group.users.some((user) => names(user, person));
    if (listed) return name;
    if (group.onCall && onCall) {
      try {
        if (isOnCall(person, await onCall.onCallNow(group.onCall))) return name;
        offCall.push(describeOnCall(group.onCall));
      } catch (error) {
        if (!(error instanceof OnCallUnavailableError)) throw error;
        unavailable.push(error);
      }
    }
    if (group.slackUserGroup === undefined && group.teamsGroupId === undefined) return undefined;
    return (await membership.isMember(person, group)) ? name : undefined;
  });
  const groups = (await Promise.all(checks)).filter((name): name is string => name !== undefined);
  return { groups, unavailable, offCall };
}

/** The groups of {@link checkGroups}, on-call groups left out (no service is asked). */
export async function authorizedGroups(
  policy: Policy,
  membership: MembershipPort,
  person: Principal,
  groupNames: readonly string[],
): Promise<string[]> {
  return (await checkGroups(policy, membership, person, groupNames)).groups;
}

/**
 * Runs a click's check; when it refuses the person as no approver while an on-call
 * group could not be checked, the refusal says so instead (`on_call_unavailable`): which
 * service and schedule, what went wrong, and that the click was not counted. When the
 * on-call groups were checked and the person is on none of their shifts, the refusal
 * names the schedules they are not on call for.
 */
export function withOnCallRefusal<T>(answer: GroupAnswer, check: () => T): T {
  try {
    return check();
  } catch (error) {
    const failed = answer.unavailable;
    if (!(error instanceof RefusalError) || error.code !== 'not_an_approver') throw error;
    if (failed.length === 0) {
      if (answer.offCall.length === 0) throw error;
      throw new RefusalError(
        'not_an_approver',
        `${error.message} You are not on call now for ${answer.offCall.join(' or ')}, so your click was not counted.`,
      );
    }
    const problems = failed.map((e) => e.message).join('; ');
    throw new RefusalError(
      'on_call_unavailable',
      `Countersign could not confirm you are on call, so your click was not counted: ${problems}. Try again shortly. ${error.message}`,
    );
  }
}
