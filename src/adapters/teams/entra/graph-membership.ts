import type { Logger } from 'pino';
import { CountersignError } from '../../../core/errors.ts';
import type { Principal } from '../../../core/ports/identity.ts';
import type { MembershipPort } from '../../../core/ports/membership.ts';
import type { ApproverGroup } from '../../../core/policy/policy.ts';

/** How long an answer from Graph may be reused. */
const CACHE_MS = 5_000;
const CACHE_LIMIT = 10_000;
const TIMEOUT_MS = 5_000;

/** What {@link GraphMembership} needs. */
export interface GraphMembershipOptions {
  /** Graph base URL without a trailing slash, e.g. `https://graph.microsoft.com/v1.0`. */
  readonly graphUrl: string;
  /** An app-only access token for Graph (application permission `GroupMember.Read.All`). */
  readonly token: () => Promise<string>;
  readonly logger: Logger;
  readonly now?: () => number;
}

/**
 * Entra's side of approver groups: is the person (a Teams principal, keyed by their
 * Entra object ID) a member of the policy group's `teamsGroupId` right now, directly
 * or through nested groups? Asked with Microsoft Graph's
 * `POST /users/{id}/checkMemberGroups`. Answers are reused for at most five seconds,
 * so removal from the group takes effect on the next click after that. People from
 * other platforms are never members; a user Graph does not know is not a member
 * (logged); any other Graph failure throws, so the click fails rather than guesses.
 */
export class GraphMembership implements MembershipPort {
  private readonly answers = new Map<string, { member: boolean; until: number }>();
  private readonly now: () => number;

  constructor(private readonly options: GraphMembershipOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  async isMember(person: Principal, group: ApproverGroup): Promise<boolean> {
    if (person.platform !== 'teams' || group.teamsGroupId === undefined) return false;
    const key = `${person.platformUserId} ${group.teamsGroupId}`;
    const cached = this.answers.get(key);
    if (cached && cached.until > this.now()) return cached.member;
    const member = await this.check(person.platformUserId, group.teamsGroupId, group.name);
    if (this.answers.size >= CACHE_LIMIT) this.answers.clear();
    this.answers.set(key, { member, until: this.now() + CACHE_MS });
    return member;
  }

  private async check(userId: string, groupId: string, groupName: string): Promise<boolean> {
    const url = `${this.options.graphUrl}/users/${encodeURIComponent(userId)}/checkMemberGroups`;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await this.options.token()}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ groupIds: [groupId] }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 404) {
      this.options.logger.warn(
        { user: userId, group: groupName },
        'Graph does not know this user; not a member',
      );
      return false;
    }
    if (!response.ok) {
      throw new CountersignError(
        'graph_failed',
        `Microsoft Graph answered ${response.status} to checkMemberGroups for group ${groupName}: ${(await response.text()).slice(0, 300)}`,
      );
    }
    const body = (await response.json()) as { value?: unknown };
    if (!Array.isArray(body.value)) {
      throw new CountersignError(
        'graph_failed',
        'Microsoft Graph answered checkMemberGroups without a value list',
      );
    }
    return body.value.some((id) => typeof id === 'string' && id.toLowerCase() === groupId.toLowerCase());
  }
}
