import type { Logger } from 'pino';
import type { Principal } from '../../../core/ports/identity.ts';
import type { MembershipPort } from '../../../core/ports/membership.ts';
import type { ApproverGroup } from '../../../core/policy/policy.ts';
import { slackErrorCode } from './slack-error-code.ts';
import type { SlackClient } from './slack-web-client.ts';

const USERGROUP_ID = /^S[A-Z0-9]{2,}$/;

/** How long an answer from Slack may be reused. */
const CACHE_MS = 5_000;

interface Cached<T> {
  readonly value: T;
  readonly until: number;
}

/**
 * Slack's side of approver groups: is the person (a Slack principal) in the policy
 * group's `slackUserGroup` right now? A user group is named by ID (`S0123ABC`) or by
 * handle (`sre-leads` or `@sre-leads`, resolved with usergroups.list); its members
 * come from usergroups.users.list. Answers are reused for at most five seconds, so a
 * removal from the group takes effect on the next click after that. People from
 * other platforms are never members; a handle Slack does not know has no members
 * (and is logged, since the policy names it).
 */
export class SlackMembership implements MembershipPort {
  private handles: Cached<ReadonlyMap<string, string>> | undefined;
  private readonly members = new Map<string, Cached<ReadonlySet<string>>>();

  constructor(
    private readonly client: SlackClient,
    private readonly logger: Logger,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async isMember(person: Principal, group: ApproverGroup): Promise<boolean> {
    if (person.platform !== 'slack' || group.slackUserGroup === undefined) return false;
    const id = await this.groupId(group.slackUserGroup);
    if (id === undefined) {
      this.logger.warn(
        { group: group.name, slackUserGroup: group.slackUserGroup },
        'Slack user group not found',
      );
      return false;
    }
    return (await this.membersOf(id)).has(person.platformUserId);
  }

  private async groupId(nameOrId: string): Promise<string | undefined> {
    if (USERGROUP_ID.test(nameOrId)) return nameOrId;
    const handle = nameOrId.replace(/^@/, '').toLowerCase();
    if (!this.handles || this.handles.until <= this.now()) {
      const answer = await this.client.usergroups.list({ include_disabled: false });
      const map = new Map<string, string>();
      for (const g of answer.usergroups ?? []) {
        if (g.handle && g.id) map.set(g.handle.toLowerCase(), g.id);
      }
      this.handles = { value: map, until: this.now() + CACHE_MS };
    }
    return this.handles.value.get(handle);
  }

  private async membersOf(id: string): Promise<ReadonlySet<string>> {
    const cached = this.members.get(id);
    if (cached && cached.until > this.now()) return cached.value;
    const answer = await this.client.usergroups.users
      .list({ usergroup: id, include_disabled: false })
      .catch((error: unknown) => {
        if (slackErrorCode(error) !== 'no_such_subteam') throw error;
        this.logger.warn({ slackUserGroup: id }, 'Slack user group does not exist');
        return { users: [] as string[] };
      });
    const value = new Set(answer.users ?? []);
    this.members.set(id, { value, until: this.now() + CACHE_MS });
    return value;
  }
}
