import type { Logger } from 'pino';
import type { Principal } from '../../../core/ports/identity.ts';
import type { MembershipPort } from '../../../core/ports/membership.ts';
import type { ApproverGroup } from '../../../core/policy/policy.ts';
import { ExpiringCache } from '../../cache/expiring-cache.ts';
import { slackErrorCode } from './slack-error-code.ts';
import type { SlackClient } from './slack-web-client.ts';

const USERGROUP_ID = /^S[A-Z0-9]{2,}$/;

/** How long an answer from Slack may be reused. */
const CACHE_MS = 5_000;
/** How many user groups' members are kept; policy names far fewer. */
const MAX_GROUPS = 1_000;

/**
 * Slack's side of approver groups: is the Slack person in the group's `slackUserGroup`
 * (an ID, or a handle found with usergroups.list) now? Answers are reused for five
 * seconds; a handle Slack does not know has no members and is logged.
 */
export class SlackMembership implements MembershipPort {
  private readonly handles: ExpiringCache<'all', ReadonlyMap<string, string>>;
  private readonly members: ExpiringCache<string, ReadonlySet<string>>;

  constructor(
    private readonly client: SlackClient,
    private readonly logger: Logger,
    now?: () => number,
  ) {
    this.handles = new ExpiringCache({ ttlMs: CACHE_MS, max: 1, now });
    this.members = new ExpiringCache({ ttlMs: CACHE_MS, max: MAX_GROUPS, now });
  }

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
    return (await this.members.get(id, () => this.membersOf(id))).has(person.platformUserId);
  }

  private async groupId(nameOrId: string): Promise<string | undefined> {
    if (USERGROUP_ID.test(nameOrId)) return nameOrId;
    const handle = nameOrId.replace(/^@/, '').toLowerCase();
    return (await this.handles.get('all', () => this.readHandles())).get(handle);
  }

  private async readHandles(): Promise<ReadonlyMap<string, string>> {
    const answer = await this.client.usergroups.list({ include_disabled: false });
    const map = new Map<string, string>();
    for (const g of answer.usergroups ?? []) {
      if (g.handle && g.id) map.set(g.handle.toLowerCase(), g.id);
    }
    return map;
  }

  private async membersOf(id: string): Promise<ReadonlySet<string>> {
    const answer = await this.client.usergroups.users
      .list({ usergroup: id, include_disabled: false })
      .catch((error: unknown) => {
        if (slackErrorCode(error) !== 'no_such_subteam') throw error;
        this.logger.warn({ slackUserGroup: id }, 'Slack user group does not exist');
        return { users: [] as string[] };
      });
    return new Set(answer.users ?? []);
  }
}
