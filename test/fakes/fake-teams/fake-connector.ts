import { startFake, type FakeRequest, type FakeResponse } from './http-helpers.ts';
import type { ConnectorCall, FakeTeam, FakeTeamsUser, PostedActivity } from './fake-teams-types.ts';
import type { FakeLogin } from './fake-login.ts';
import { ServiceFaults } from './service-faults.ts';
import { validateAdaptiveCard } from './validate-adaptive-card.ts';
import { mentionProblems } from './validate-mentions.ts';

/** Teams refuses bot messages larger than about 28 KB. */
export const TEAMS_MESSAGE_LIMIT_BYTES = 28 * 1024;
const CARD = 'application/vnd.microsoft.card.adaptive';

/** The fake Bot Connector: what the bot posted, and how to wait for it. */
export interface FakeConnector {
  /** The `serviceUrl` activities carry. */
  readonly serviceUrl: string;
  readonly calls: readonly ConnectorCall[];
  readonly posted: readonly PostedActivity[];
  /** Throttling, server errors and silence to answer the next calls with. */
  readonly faults: ServiceFaults;
  addTeam(team: FakeTeam): void;
  /** A person's new post in a channel (the root of a thread the bot may reply in); returns its activity ID. */
  addPersonPost(channelId: string, user: FakeTeamsUser): string;
  /** Opens a personal chat between the bot and `user`; returns its conversation ID. */
  addPersonalChat(user: FakeTeamsUser): string;
  /** Messages in a conversation (a channel's root posts, or one thread's replies with `root`). */
  messagesIn(conversationId: string, root?: string): PostedActivity[];
  /** Resolves with the first value `find` returns, re-checked after every call, or rejects after `timeoutMs`. */
  waitFor<T>(find: (connector: FakeConnector) => T | undefined, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/**
 * A local Bot Connector REST API (v3) that records every call and enforces what the
 * real one does: a valid bearer token from the login for the Bot Framework scope,
 * conversations that exist (a channel, a channel post's thread, a personal chat),
 * activity IDs that exist for updates and deletes, message activities whose Adaptive
 * Cards pass the 1.5 structural check, mentions (in a card's `msteams.entities` or the
 * activity's `entities`) that match the text they mention in, and Teams' message size limit.
 */
export async function startFakeConnector(options: {
  readonly login: FakeLogin;
  readonly oauthScope: string;
  readonly users: readonly FakeTeamsUser[];
}): Promise<FakeConnector> {
  const teams = new Map<string, FakeTeam>();
  const channels = new Map<string, FakeTeam>();
  const chats = new Map<string, FakeTeamsUser>();
  const posted: PostedActivity[] = [];
  const calls: ConnectorCall[] = [];
  const waiters = new Set<() => void>();
  const faults = new ServiceFaults();
  let next = 1_700_000_000_000;
  const newId = (): string => String(next++);

  const problemOf = (activity: unknown): string | undefined => {
    const a = activity as Record<string, unknown> | undefined;
    if (!a || a.type !== 'message') return 'activity type must be message';
    if (Buffer.byteLength(JSON.stringify(a)) > TEAMS_MESSAGE_LIMIT_BYTES) return 'MessageSizeTooBig';
    const attachments = Array.isArray(a.attachments) ? (a.attachments as Record<string, unknown>[]) : [];
    if (attachments.length === 0 && typeof a.text !== 'string') return 'a message needs text or attachments';
    const entities = Array.isArray(a.entities) ? a.entities : [];
    const mentions = entities.filter((e) => (e as { type?: unknown } | null)?.type === 'mention');
    const textProblems = mentionProblems([typeof a.text === 'string' ? a.text : ''], mentions, 'entities');
    if (textProblems.length > 0) return textProblems.join('; ');
    for (const [i, attachment] of attachments.entries()) {
      if (attachment.contentType !== CARD) return `attachment ${i} is not an Adaptive Card`;
      const found = validateAdaptiveCard(attachment.content);
      if (found.length > 0) return `attachment ${i}: ${found.join('; ')}`;
    }
    return undefined;
  };

  /** Where a conversation ID points: a channel (new post), a channel thread, or a personal chat. */
  const locate = (conversationId: string): { channel?: string; root?: string; chat?: string } | undefined => {
    const [base = '', root] = conversationId.split(';messageid=');
    if (chats.has(base) && root === undefined) return { chat: base };
    if (!channels.has(base)) return undefined;
    if (root === undefined) return { channel: base };
    return posted.some((p) => p.id === root && p.conversationId === base && !p.threadRoot)
      ? { channel: base, root }
      : undefined;
  };

  const record = (
    conversationId: string,
    activity: Record<string, unknown>,
    threadRoot?: string,
    replyToId?: string,
  ): PostedActivity => {
    const entry: PostedActivity = {
      id: newId(),
      conversationId,
      ...(threadRoot ? { threadRoot } : {}),
      ...(replyToId ? { replyToId } : {}),
      activity,
      versions: [activity],
      deleted: false,
      from: 'bot',
    };
    posted.push(entry);
    return entry;
  };

  const handle = (request: FakeRequest): FakeResponse => {
    try {
      options.login.verify(request.headers.authorization, options.oauthScope);
    } catch (error) {
      return {
        status: 401,
        body: { message: `Authorization has been denied for this request. (${String(error)})` },
      };
    }
    const segments = request.path.split('/').filter(Boolean).map(decodeURIComponent);
    const [v3, area, id, sub, subId] = segments;
    const notFound = (what: string): FakeResponse => ({
      status: 404,
      body: { error: { code: 'NotFound', message: what } },
    });
    const bad = (what: string): FakeResponse => ({
      status: 400,
      body: { error: { code: 'BadArgument', message: what } },
    });
    if (v3 !== 'v3') return notFound('unknown path');

    if (area === 'teams' && id && sub === 'conversations' && request.method === 'GET') {
      const team = teams.get(id);
      if (!team) return notFound(`team ${id}`);
      return {
        status: 200,
        body: {
          conversations: team.channels.map((c) => ({
            id: c.id,
            ...(c.id === team.id ? {} : { name: c.name }),
          })),
        },
      };
    }
    if (area === 'teams' && id && sub === 'members' && subId && request.method === 'GET') {
      const team = teams.get(id);
      const user = options.users.find((u) => u.teamsId === subId);
      if (!team || !user || !team.members.includes(user.aadObjectId)) return notFound(`member ${subId}`);
      return { status: 200, body: member(user) };
    }
    if (area !== 'conversations') return notFound('unknown path');

    if (!id && request.method === 'POST') {
      const params = request.body as {
        isGroup?: boolean;
        channelData?: { channel?: { id?: string } };
        activity?: Record<string, unknown>;
      };
      const channel = params.channelData?.channel?.id;
      if (!channel || !channels.has(channel)) return notFound(`channel ${String(channel)}`);
      if (!params.isGroup) return bad('a channel conversation must be a group');
      const problem = problemOf(params.activity);
      if (problem) return bad(problem);
      const entry = record(channel, params.activity ?? {});
      return { status: 201, body: { id: `${channel};messageid=${entry.id}`, activityId: entry.id } };
    }
    if (!id) return notFound('unknown path');
    const where = locate(id);
    if (sub === 'members' && subId && request.method === 'GET') {
      const user = options.users.find((u) => u.teamsId === subId);
      const chatUser = where?.chat ? chats.get(where.chat) : undefined;
      const team = where?.channel ? channels.get(where.channel) : undefined;
      const isMember =
        user && (chatUser?.teamsId === user.teamsId || team?.members.includes(user.aadObjectId));
      return isMember ? { status: 200, body: member(user) } : notFound(`member ${subId}`);
    }
    if (!where) return notFound(`conversation ${id}`);
    const base = where.chat ?? where.channel ?? '';
    if (sub === 'activities' && request.method === 'POST') {
      const problem = problemOf(request.body);
      if (problem) return bad(problem);
      const root = where.root ?? (subId && where.channel ? subId : undefined);
      const entry = record(base, request.body as Record<string, unknown>, root, subId);
      return { status: 201, body: { id: entry.id } };
    }
    if (sub === 'activities' && subId && (request.method === 'PUT' || request.method === 'DELETE')) {
      const target = posted.find((p) => p.id === subId && p.conversationId === base && !p.deleted);
      if (
        !target ||
        (where.root !== undefined && target.id !== where.root && target.threadRoot !== where.root)
      ) {
        return notFound(`activity ${subId} in ${id}`);
      }
      if (request.method === 'DELETE') {
        target.deleted = true;
        return { status: 200, body: {} };
      }
      const problem = problemOf(request.body);
      if (problem) return bad(problem);
      target.activity = request.body as Record<string, unknown>;
      target.versions.push(target.activity);
      return { status: 200, body: { id: target.id } };
    }
    return notFound('unknown path');
  };

  const running = await startFake((request) => {
    const at = Date.now();
    const answer = faults.take() ?? handle(request);
    const problem = answer.status >= 400 ? JSON.stringify(answer.body) : undefined;
    calls.push({
      method: request.method,
      path: decodeURIComponent(request.path),
      status: answer.status,
      at,
      authorization: request.headers.authorization ?? '',
      ...(problem ? { problem } : {}),
    });
    for (const wake of waiters) wake();
    return answer;
  });

  const connector: FakeConnector = {
    serviceUrl: `${running.url}/`,
    calls,
    posted,
    faults,
    addTeam(team) {
      teams.set(team.id, team);
      for (const c of team.channels) channels.set(c.id, team);
    },
    addPersonPost(channelId, user) {
      const entry: PostedActivity = {
        id: newId(),
        conversationId: channelId,
        activity: { type: 'message', text: '' },
        versions: [],
        deleted: false,
        from: user.teamsId,
      };
      posted.push(entry);
      return entry.id;
    },
    addPersonalChat(user) {
      const id = `a:1${user.aadObjectId.replace(/-/g, '')}`;
      chats.set(id, user);
      return id;
    },
    messagesIn: (conversationId, root) =>
      posted.filter((p) => p.conversationId === conversationId && !p.deleted && p.threadRoot === root),
    waitFor(find, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = find(connector);
          if (found === undefined) return false;
          cleanup();
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `fake Bot Connector: nothing matched in ${timeoutMs} ms; calls: ${JSON.stringify(calls.slice(-10))}`,
            ),
          );
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        const wake = (): void => void check();
        if (!check()) waiters.add(wake);
      });
    },
    stop: () => running.stop(),
  };
  return connector;
}

function member(user: FakeTeamsUser): Record<string, unknown> {
  return {
    id: user.teamsId,
    name: user.name,
    aadObjectId: user.aadObjectId,
    email: user.email,
    userPrincipalName: user.email,
    userRole: 'user',
  };
}
