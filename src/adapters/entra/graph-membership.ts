import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { CountersignError } from '../../core/errors.ts';
import type { Principal } from '../../core/ports/identity.ts';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import type { TeamsConfig } from '../../config/config.ts';
import { noNativeGroups, type MembershipPort } from '../../core/ports/membership.ts';
import type { ApproverGroup } from '../../core/policy/policy.ts';
import { ExpiringCache } from '../cache/expiring-cache.ts';

/** How long an answer from Graph may be reused. */
const CACHE_MS = 5_000;
const CACHE_LIMIT = 10_000;
/** How long one checkMemberGroups call may take. */
const TIMEOUT_MS = 5_000;
/** How long a click may wait on Graph in all, retries and Retry-After included. */
const BUDGET_MS = 10_000;
const MAX_ATTEMPTS = 3;
const FIRST_BACKOFF_MS = 250;

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
 * Throttling (429, or 503 with `Retry-After`) is retried after the interval Graph
 * names and other server errors (5xx) after a short backoff, up to three attempts
 * within ten seconds; each call may take five. A call that would have to wait beyond
 * that, or still fails, throws a `graph_failed` error naming the status and attempts.
 */
export class GraphMembership implements MembershipPort {
  private readonly answers: ExpiringCache<string, boolean>;
  private readonly now: () => number;

  constructor(private readonly options: GraphMembershipOptions) {
    this.now = options.now ?? (() => performance.now());
    this.answers = new ExpiringCache({ ttlMs: CACHE_MS, max: CACHE_LIMIT, now: this.now });
  }

  async isMember(person: Principal, group: ApproverGroup): Promise<boolean> {
    if (person.platform !== 'teams' || group.teamsGroupId === undefined) return false;
    const { platformUserId } = person;
    const { teamsGroupId, name } = group;
    return this.answers.get(`${platformUserId} ${teamsGroupId}`, () =>
      this.check(platformUserId, teamsGroupId, name),
    );
  }

  private async check(userId: string, groupId: string, groupName: string): Promise<boolean> {
    const deadline = this.now() + BUDGET_MS;
    for (let attempt = 1; ; attempt++) {
      const response = await this.ask(userId, groupId, groupName);
      if (response.status === 404) {
        this.options.logger.warn(
          { user: userId, group: groupName },
          'Graph does not know this user; not a member',
        );
        return false;
      }
      if (response.ok) return readAnswer(await response.json(), groupId);
      const text = (await response.text()).slice(0, 300);
      const wait = retryDelayMs(response, attempt);
      const refusal = `Microsoft Graph answered ${response.status} to checkMemberGroups for group ${groupName}`;
      if (wait === undefined) throw new CountersignError('graph_failed', `${refusal}: ${text}`);
      if (attempt >= MAX_ATTEMPTS) {
        throw new CountersignError('graph_failed', `${refusal} ${attempt} times: ${text}`);
      }
      if (this.now() + wait > deadline) {
        throw new CountersignError(
          'graph_failed',
          `${refusal} and asked to retry in ${Math.ceil(wait / 1000)} s, longer than a click may wait`,
        );
      }
      this.options.logger.warn(
        { group: groupName, status: response.status, attempt, retryInMs: wait },
        'Microsoft Graph refused checkMemberGroups; retrying',
      );
      await sleep(wait);
    }
  }

  private async ask(userId: string, groupId: string, groupName: string): Promise<Response> {
    const url = `${this.options.graphUrl}/users/${encodeURIComponent(userId)}/checkMemberGroups`;
    try {
      return await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await this.options.token()}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ groupIds: [groupId] }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new CountersignError(
          'graph_failed',
          `Microsoft Graph did not answer checkMemberGroups for group ${groupName} within ${TIMEOUT_MS / 1000} s`,
          { cause: error },
        );
      }
      throw error;
    }
  }
}

/**
 * The membership port for `teamsGroupId` approver groups: {@link GraphMembership} with
 * app-only Graph tokens from the bot's own Entra client, or none (with a warning) when
 * the app is multi-tenant or a managed identity and so cannot ask Graph.
 */
export function entraGroupMembership(
  config: TeamsConfig,
  msal: ConfidentialClientApplication | undefined,
  logger: Logger,
): MembershipPort {
  if (!msal || config.tenantId === undefined) {
    logger.warn(
      'Entra approver groups (teamsGroupId) cannot be checked without a single-tenant app with its own password or certificate; only the policy’s explicit users lists count for Teams approvers',
    );
    return noNativeGroups;
  }
  const scope = `${new URL(config.graphUrl).origin}/.default`;
  return new GraphMembership({
    graphUrl: config.graphUrl,
    logger,
    token: async () => {
      const result = await msal.acquireTokenByClientCredential({ scopes: [scope] });
      if (!result?.accessToken) throw new Error('Entra returned no access token for Microsoft Graph');
      return result.accessToken;
    },
  });
}

/** The wait before retrying a refused call: Retry-After for throttling, a backoff for other 5xx; undefined when retrying cannot help. */
function retryDelayMs(response: Response, attempt: number): number | undefined {
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
  const throttled = response.status === 429 || response.status === 503;
  if (throttled && Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  if (
    response.status === 429 ||
    (response.status >= 500 && response.status !== 501 && response.status !== 505)
  ) {
    return FIRST_BACKOFF_MS * 2 ** (attempt - 1);
  }
  return undefined;
}

/** Whether checkMemberGroups' answer names the group. */
function readAnswer(body: unknown, groupId: string): boolean {
  const value = (body as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) {
    throw new CountersignError(
      'graph_failed',
      'Microsoft Graph answered checkMemberGroups without a value list',
    );
  }
  return value.some((id) => typeof id === 'string' && id.toLowerCase() === groupId.toLowerCase());
}
