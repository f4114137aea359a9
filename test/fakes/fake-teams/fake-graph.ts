import { startFake, type FakeResponse } from './http-helpers.ts';
import type { FakeLogin } from './fake-login.ts';
import { ServiceFaults } from './service-faults.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One checkMemberGroups call Graph answered. */
export interface GraphCall {
  readonly userId: string;
  readonly groupIds: readonly string[];
  /** 0 for a request the fake left unanswered. */
  readonly status: number;
  /** When it arrived (epoch ms). */
  readonly at: number;
}

/** The fake Microsoft Graph: group memberships, and the calls made. */
export interface FakeGraph {
  /** `TEAMS_GRAPH_URL` for the bot, e.g. `http://127.0.0.1:PORT/v1.0`. */
  readonly graphUrl: string;
  readonly calls: readonly GraphCall[];
  /** Throttling, server errors and silence to answer the next calls with. */
  readonly faults: ServiceFaults;
  /**
   * Sets the direct members of a group, replacing any before: Entra object IDs of
   * people, or IDs of other groups (nested groups, whose members belong transitively).
   */
  setMembers(groupId: string, members: readonly string[]): void;
  stop(): Promise<void>;
}

/**
 * A local Microsoft Graph v1.0 that answers only `POST /users/{id}/checkMemberGroups`,
 * in the real API's shape: an app-only bearer token from the login for Graph's
 * resource, a JSON body `{ "groupIds": [...] }` of 1 to 20 GUIDs (else 400
 * `Request_BadRequest`), a user that exists (else 404 `Request_ResourceNotFound`), and
 * `{ "@odata.context": …, "value": [the member groups among those asked] }`. As in
 * Graph, membership is transitive: a person in a group nested (at any depth) in an
 * asked group is a member of it. A test can make it throttle (429 with `Retry-After`),
 * fail (5xx) or not answer ({@link FakeGraph.faults}).
 */
export async function startFakeGraph(options: {
  readonly login: FakeLogin;
  readonly users: readonly string[];
}): Promise<FakeGraph> {
  const groups = new Map<string, Set<string>>();
  const calls: GraphCall[] = [];
  const faults = new ServiceFaults();
  /** Is `member` in `groupId`, directly or through groups nested in it? */
  const isIn = (member: string, groupId: string, seen = new Set<string>()): boolean => {
    if (seen.has(groupId)) return false;
    seen.add(groupId);
    const direct = groups.get(groupId);
    if (!direct) return false;
    if (direct.has(member)) return true;
    return [...direct].some((inner) => groups.has(inner) && isIn(member, inner, seen));
  };
  const error = (status: number, code: string, message: string): FakeResponse => ({
    status,
    body: { error: { code, message, innerError: { 'request-id': 'fake', date: new Date().toISOString() } } },
  });
  let resource = '';
  const running = await startFake((request) => {
    const match = /^\/v1\.0\/users\/([^/]+)\/checkMemberGroups$/.exec(request.path);
    if (!match?.[1]) return error(400, 'BadRequest', `Resource not found for the segment '${request.path}'.`);
    const userId = decodeURIComponent(match[1]);
    const at = Date.now();
    const answer = ((): FakeResponse => {
      const fault = faults.take();
      if (fault) return fault;
      if (request.method !== 'POST') return error(405, 'Request_BadRequest', 'Only POST is allowed.');
      try {
        options.login.verify(request.headers.authorization, resource);
      } catch (e) {
        return error(401, 'InvalidAuthenticationToken', `Access token is invalid: ${String(e)}`);
      }
      if (!(request.headers['content-type'] ?? '').includes('application/json')) {
        return error(415, 'Request_BadRequest', 'Content-Type must be application/json.');
      }
      const body = request.body as { groupIds?: unknown } | undefined;
      const ids = body?.groupIds;
      if (
        !Array.isArray(ids) ||
        ids.length === 0 ||
        ids.length > 20 ||
        !ids.every((g) => typeof g === 'string' && GUID.test(g))
      ) {
        return error(
          400,
          'Request_BadRequest',
          "Invalid value specified for property 'groupIds' of resource 'User'.",
        );
      }
      if (!options.users.includes(userId)) {
        return error(
          404,
          'Request_ResourceNotFound',
          `Resource '${userId}' does not exist or one of its queried reference-property objects are not present.`,
        );
      }
      const value = (ids as string[]).filter((g) => isIn(userId.toLowerCase(), g.toLowerCase()));
      return {
        status: 200,
        body: {
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)',
          value,
        },
      };
    })();
    const groupIds = Array.isArray((request.body as { groupIds?: unknown })?.groupIds)
      ? (request.body as { groupIds: string[] }).groupIds
      : [];
    calls.push({ userId, groupIds, status: answer.status, at });
    return answer;
  });
  resource = running.url;
  return {
    graphUrl: `${running.url}/v1.0`,
    calls,
    faults,
    setMembers: (groupId, members) =>
      groups.set(groupId.toLowerCase(), new Set(members.map((m) => m.toLowerCase()))),
    stop: () => running.stop(),
  };
}
