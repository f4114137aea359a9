import type { ApproverGroup } from '../policy/policy.ts';
import type { Principal } from './identity.ts';

/**
 * Answers whether a person belongs to a chat-native approver group (a Slack user
 * group, an Entra group) right now. Explicit `users` lists are checked by the core;
 * this port is asked only about the platform part of a group, at the moment of a click.
 */
export interface MembershipPort {
  isMember(person: Principal, group: ApproverGroup): Promise<boolean>;
}

/** A membership port for surfaces with no native groups: nobody is a member. */
export const noNativeGroups: MembershipPort = { isMember: () => Promise.resolve(false) };
