import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatMethods } from './chat-methods.ts';
import { conversationMethods } from './conversation-methods.ts';
import { directoryMethods } from './directory-methods.ts';
import type {
  EphemeralMessage,
  FakeChannel,
  FakeSlackCall,
  FakeSlackOptions,
  FakeUser,
  FakeUserGroup,
  FakeView,
  PostedMessage,
  RateLimit,
} from './fake-slack-types.ts';
import { FakeSocketMode } from './fake-socket-mode.ts';
import { FakeWorkspace, SlackMethodError } from './fake-workspace.ts';
import type { MethodHandler } from './method-handler.ts';
import { readApiRequest } from './parse-body.ts';
import { SLACK_DOCUMENTED_LIMITS as L } from './slack-documented-limits.ts';
import { validateBlocks } from './validate-blocks.ts';
import { RateLimiter } from './rate-limiter.ts';
import { viewMethods } from './view-methods.ts';

const METHODS: Readonly<Record<string, MethodHandler>> = {
  ...directoryMethods,
  ...chatMethods,
  ...conversationMethods,
  ...viewMethods,
};

/** A POST to a `response_url` the fake handed out (what Bolt's `respond()` sends). */
export interface ResponseUrlPost {
  readonly id: string;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

/**
 * A Web API call the fake holds before acting on it, as Slack does when it is slow to
 * answer: the call is read and its token checked, then nothing happens until
 * `release()`. If the caller goes away first (its process exits, its timeout fires),
 * the fake never acts on the call: no message is posted and nothing is recorded in
 * `calls`. This models a stall before Slack acted; a post Slack made whose answer never
 * reached the caller is not modelled.
 */
export interface HeldCall {
  /** Resolves once the call has arrived and is being held. */
  readonly arrived: Promise<void>;
  /** Lets the fake act on the call and answer it. */
  release(): void;
  /** `answered` once the fake answered it, `abandoned` if the caller went away while it was held. */
  readonly settled: Promise<'answered' | 'abandoned'>;
}

/** A running fake Slack Web API and what it has seen. */
export interface FakeSlack {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** What to give WebClient as `slackApiUrl`: `url + '/api/'`. */
  readonly apiUrl: string;
  readonly botToken: string;
  /** The app-level token apps.connections.open accepts (Socket Mode). */
  readonly appToken: string;
  /** Socket Mode: connections, envelopes and acks. */
  readonly socket: FakeSocketMode;
  readonly botUserId: string;
  readonly teamId: string;
  /** Every call, accepted or refused, in order. */
  readonly calls: readonly FakeSlackCall[];
  /** Every message posted (current text and blocks; updates in `history`). */
  readonly messages: readonly PostedMessage[];
  readonly ephemerals: readonly EphemeralMessage[];
  /** Modals opened or pushed, as they are now. */
  readonly views: readonly FakeView[];
  /** One Home tab per user it was published to, as it is now. */
  readonly homeViews: readonly FakeView[];
  readonly responses: readonly ResponseUrlPost[];
  /** Messages in one channel (by ID), oldest first; `threadTs` narrows to one thread's replies. */
  messagesIn(channel: string, threadTs?: string): PostedMessage[];
  addUser(user: FakeUser): void;
  addChannel(channel: FakeChannel): void;
  addUserGroup(group: FakeUserGroup): void;
  setRateLimit(method: string, limit: RateLimit | undefined): void;
  /** Holds the next call of `method` (e.g. `chat.postMessage`) until released; see {@link HeldCall}. */
  holdNext(method: string): HeldCall;
  /** A trigger_id as an interaction carries; views.open accepts it once, within 3 s. */
  issueTriggerId(): string;
  /** A fresh `response_url` on this server, for slash-command and interaction payloads. */
  responseUrl(): string;
  /**
   * The oldest posted message not yet returned by `nextMessage` that matches
   * `filter`, waiting up to `timeoutMs` for one to arrive.
   */
  nextMessage(filter?: (m: PostedMessage) => boolean, timeoutMs?: number): Promise<PostedMessage>;
  /** Resolves with the predicate's first truthy result, re-checked after every call; rejects after `timeoutMs`. */
  waitFor<T>(predicate: (fake: FakeSlack) => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Starts a fake Slack Web API on a free loopback port. It serves
 * `POST /api/<method>` for the methods Countersign uses, answering as Slack does
 * (`{ ok: true, ... }` or `{ ok: false, error }` with HTTP 200, 429 with
 * `Retry-After` when a configured rate limit is hit) and refusing what Slack
 * refuses: a missing or wrong token, unknown channels and users, a bot not in the
 * channel, blocks over Block Kit's limits, views over theirs, updates of unknown
 * messages, stale trigger IDs. Test code only.
 */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const workspace = new FakeWorkspace(options);
  const botToken = options.botToken ?? 'xoxb-fake-token';
  const appToken = 'xapp-1-AFAKE0001-fake-app-token';
  const self = { url: '' };
  const socket = new FakeSocketMode(
    {
      appToken,
      pingIntervalMs: 2000,
      ...(options.socketMaxConnections !== undefined && { maxConnections: options.socketMaxConnections }),
    },
    () => self.url,
  );
  const limiter = new RateLimiter(options.rateLimits);
  const calls: FakeSlackCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const consumed = new Set<PostedMessage>();
  const holds = new Map<string, Hold>();
  const changes = new EventEmitter();
  changes.setMaxListeners(0);
  let responseCount = 0;
  /** Each response_url: when it was handed out, and how many responses it took. */
  const responseUrls = new Map<string, { issuedAt: number; uses: number }>();

  const record = (call: FakeSlackCall): void => {
    calls.push(call);
    changes.emit('change');
  };

  const handleApi = async (method: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { params, token, badJson } = await readApiRequest(req);
    const at = workspace.now();
    const answer = (
      status: number,
      body: Record<string, unknown>,
      headers: Record<string, string> = {},
    ): void => {
      const messages = (body.response_metadata as { messages?: string[] } | undefined)?.messages;
      record({
        method,
        params,
        token,
        at,
        status,
        ok: body.ok === true,
        ...(typeof body.error === 'string' && { error: body.error }),
        ...(messages && { messages }),
        response: body,
      });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (method === 'apps.connections.open') {
      const opened = socket.open(token);
      return answer(200, opened);
    }
    const handler = METHODS[method];
    if (!handler) return answer(200, { ok: false, error: 'unknown_method' });
    if (token === undefined || token === '') return answer(200, { ok: false, error: 'not_authed' });
    if (token !== botToken) return answer(200, { ok: false, error: 'invalid_auth' });
    const hold = holds.get(method);
    if (hold) {
      holds.delete(method);
      if ((await hold.wait(res)) === 'abandoned') return;
    }
    const paced =
      options.perChannelRateLimit !== false &&
      method === 'chat.postMessage' &&
      typeof params.channel === 'string'
        ? workspace.channelIdOf(params.channel)
        : undefined;
    const retryAfter =
      limiter.take(method, at) ?? (paced !== undefined ? limiter.channelRetryAfter(paced, at) : undefined);
    if (retryAfter !== undefined) {
      return answer(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
    }
    if (badJson !== undefined) {
      return answer(200, {
        ok: false,
        error: badJson === 'blocks' ? 'invalid_blocks_format' : 'invalid_arguments',
      });
    }
    try {
      answer(200, { ok: true, ...handler(workspace, params) });
      if (paced !== undefined) limiter.channelPosted(paced, at);
    } catch (error) {
      if (!(error instanceof SlackMethodError)) throw error;
      answer(200, {
        ok: false,
        error: error.error,
        ...(error.messages && { response_metadata: { messages: error.messages } }),
      });
    } finally {
      hold?.answered();
    }
  };

  const handleResponseUrl = async (id: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const at = workspace.now();
    const refuse = (status: number, error: string, messages?: string[]): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error, ...(messages && { response_metadata: { messages } }) }));
    };
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return refuse(400, 'invalid_payload');
    }
    // A URL the bench minted itself counts as issued at its first use.
    const url = responseUrls.get(id) ?? { issuedAt: at, uses: 0 };
    responseUrls.set(id, url);
    if (at - url.issuedAt > L.responseUrlTtlMs) return refuse(404, 'expired_url');
    if (url.uses >= L.responseUrlUses) return refuse(404, 'used_url');
    const text = typeof body.text === 'string' ? body.text : '';
    if (body.delete_original !== true && text === '' && body.blocks === undefined)
      return refuse(400, 'no_text');
    if (text.length > L.messageText) return refuse(400, 'msg_too_long');
    if (body.blocks !== undefined) {
      const problems = validateBlocks(body.blocks, 'message');
      if (problems.length > 0) return refuse(400, 'invalid_blocks', problems);
    }
    url.uses += 1;
    responses.push({ id, body, at });
    changes.emit('change');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const api = /^\/api\/([A-Za-z.]+)$/.exec(path);
    const response = /^\/response\/([\w-]+)$/.exec(path);
    const work =
      req.method === 'POST' && api
        ? handleApi(api[1]!, req, res)
        : req.method === 'POST' && response
          ? handleResponseUrl(response[1]!, req, res)
          : Promise.resolve(void res.writeHead(404).end());
    work.catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error instanceof Error ? error.stack : String(error));
    });
  });
  server.on('upgrade', (req, upgraded) => socket.upgrade(req, upgraded));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  self.url = url;

  const fake: FakeSlack = {
    url,
    apiUrl: `${url}/api/`,
    botToken,
    appToken,
    socket,
    botUserId: workspace.botUserId,
    teamId: workspace.teamId,
    calls,
    messages: workspace.messages,
    ephemerals: workspace.ephemerals,
    get views() {
      return [...workspace.views.values()];
    },
    homeViews: workspace.homeViews,
    responses,
    messagesIn: (channel, threadTs) =>
      workspace.messages.filter(
        (m) => m.channel === channel && (threadTs === undefined || m.threadTs === threadTs),
      ),
    addUser: (user) => workspace.addUser(user),
    addChannel: (channel) => workspace.addChannel(channel),
    addUserGroup: (group) => workspace.addUserGroup(group),
    setRateLimit: (method, limit) => limiter.set(method, limit),
    holdNext: (method) => {
      const hold = new Hold();
      holds.set(method, hold);
      return hold.handle;
    },
    issueTriggerId: () => workspace.issueTriggerId(),
    responseUrl: () => {
      const id = `r${++responseCount}`;
      responseUrls.set(id, { issuedAt: workspace.now(), uses: 0 });
      return `${url}/response/${id}`;
    },
    nextMessage: async (filter = () => true, timeoutMs = DEFAULT_TIMEOUT_MS) => {
      const message = await fake.waitFor(
        () => workspace.messages.find((m) => !consumed.has(m) && filter(m)),
        timeoutMs,
      );
      consumed.add(message);
      return message;
    },
    waitFor: <T>(predicate: (f: FakeSlack) => T | undefined | null | false, timeoutMs = DEFAULT_TIMEOUT_MS) =>
      new Promise<T>((resolve, reject) => {
        const check = (): boolean => {
          let result: T | undefined | null | false;
          try {
            result = predicate(fake);
          } catch (error) {
            cleanup();
            reject(error instanceof Error ? error : new Error(String(error)));
            return true;
          }
          if (result === undefined || result === null || result === false) return false;
          cleanup();
          resolve(result);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          const recent = calls.slice(-5).map((c) => `${c.method} → ${c.ok ? 'ok' : (c.error ?? c.status)}`);
          reject(
            new Error(
              `fake Slack: condition not met within ${timeoutMs} ms; last calls: ${recent.join(', ') || 'none'}`,
            ),
          );
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          changes.off('change', check);
        };
        if (!check()) changes.on('change', check);
      }),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        socket.stop();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return fake;
}

/** One {@link HeldCall}: the fake's side (`wait`, `answered`) and the test's (`handle`). */
class Hold {
  private arrive!: () => void;
  private releaseCall!: () => void;
  private settle!: (how: 'answered' | 'abandoned') => void;
  readonly handle: HeldCall;
  private readonly released: Promise<void>;

  constructor() {
    const arrived = new Promise<void>((resolve) => (this.arrive = resolve));
    this.released = new Promise<void>((resolve) => (this.releaseCall = resolve));
    const settled = new Promise<'answered' | 'abandoned'>((resolve) => (this.settle = resolve));
    this.handle = { arrived, release: () => this.releaseCall(), settled };
  }

  /** Holds the call answering on `res` until released, or until its caller closes the connection. */
  async wait(res: ServerResponse): Promise<'released' | 'abandoned'> {
    this.arrive();
    const gone = new Promise<'abandoned'>((resolve) => res.once('close', () => resolve('abandoned')));
    const how = await Promise.race([this.released.then(() => 'released' as const), gone]);
    if (how === 'abandoned') this.settle('abandoned');
    return how;
  }

  answered(): void {
    this.settle('answered');
  }
}
