/** A person in the fake workspace. */
export interface FakeUser {
  readonly id: string;
  readonly name: string;
  readonly realName?: string;
  /** Returned as `profile.email` by users.info (as with the users:read.email scope). */
  readonly email?: string;
  readonly deleted?: boolean;
}

/** A channel in the fake workspace. */
export interface FakeChannel {
  readonly id: string;
  readonly name: string;
  readonly isPrivate?: boolean;
  /** User IDs in the channel; absent means everyone is. The bot is a member unless `botIsMember` is false. */
  readonly members?: readonly string[];
  readonly botIsMember?: boolean;
}

/** A user group (`@sre-leads`). */
export interface FakeUserGroup {
  readonly id: string;
  readonly handle: string;
  readonly name?: string;
  readonly users: readonly string[];
}

/** Calls allowed per window for one method before it answers HTTP 429 with `Retry-After`. */
export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
  readonly retryAfterSeconds: number;
}

/** How the fake starts. */
export interface FakeSlackOptions {
  /** The only bot token accepted. Default `xoxb-fake-token`. */
  readonly botToken?: string;
  readonly botUserId?: string;
  readonly botId?: string;
  readonly teamId?: string;
  readonly users?: readonly FakeUser[];
  readonly channels?: readonly FakeChannel[];
  readonly userGroups?: readonly FakeUserGroup[];
  /** Per Web API method, e.g. `{ 'chat.postMessage': { limit: 1, windowMs: 60_000, retryAfterSeconds: 1 } }`. */
  readonly rateLimits?: Readonly<Record<string, RateLimit>>;
  /** Socket Mode connections open at once per app; Slack allows 10. */
  readonly socketMaxConnections?: number;
  /**
   * Whether chat.postMessage is limited per channel as Slack documents (one a second after
   * a short burst; 429 with Retry-After). Default true.
   */
  readonly perChannelRateLimit?: boolean;
  /** How long a trigger_id stays usable; Slack's is 3 s. */
  readonly triggerTtlMs?: number;
  /** The fake's clock, ms since the epoch (message ts, trigger expiry, rate windows). */
  readonly now?: () => number;
}

/** One HTTP call to the fake, accepted or not. */
export interface FakeSlackCall {
  readonly method: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly token: string | undefined;
  readonly at: number;
  /** 200 or 429 (404 for an unknown method). */
  readonly status: number;
  readonly ok: boolean;
  readonly error?: string;
  /** Slack's `response_metadata.messages` for a refusal, e.g. `[ERROR] ... [json-pointer:/blocks/0/text/text]`. */
  readonly messages?: readonly string[];
  readonly response: Readonly<Record<string, unknown>>;
}

/** A message as the fake holds it now; chat.update replaces `text` and `blocks` and keeps the old ones in `history`. */
export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
  readonly threadTs?: string;
  text: string;
  blocks: unknown[];
  readonly postedAt: number;
  readonly history: { text: string; blocks: unknown[]; at: number }[];
}

/** A chat.postEphemeral delivery. */
export interface EphemeralMessage {
  readonly channel: string;
  readonly user: string;
  readonly messageTs: string;
  readonly threadTs?: string;
  readonly text: string;
  readonly blocks: unknown[];
}

/** A modal opened, pushed or updated, or a Home tab published, as the fake holds it now. */
export interface FakeView {
  readonly id: string;
  /** For Home tabs, the user it was published to. */
  readonly userId?: string;
  view: Record<string, unknown>;
  readonly via: 'views.open' | 'views.push' | 'views.publish';
  readonly history: Record<string, unknown>[];
}
