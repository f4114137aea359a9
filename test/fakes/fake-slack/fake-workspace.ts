import type {
  EphemeralMessage,
  FakeChannel,
  FakeSlackOptions,
  FakeUser,
  FakeUserGroup,
  FakeView,
  PostedMessage,
} from './fake-slack-types.ts';

/** A Web API refusal: `{ ok: false, error, response_metadata: { messages } }`. */
export class SlackMethodError extends Error {
  readonly error: string;
  readonly messages: readonly string[] | undefined;

  constructor(error: string, messages?: readonly string[]) {
    super(error);
    this.error = error;
    this.messages = messages;
  }
}

/** A channel as the fake tracks it; DMs are channels whose ID starts with `D`. */
export interface ChannelState {
  readonly id: string;
  readonly name: string;
  readonly isPrivate: boolean;
  readonly isIm: boolean;
  /** Undefined: everyone is a member. */
  readonly members: ReadonlySet<string> | undefined;
  readonly botIsMember: boolean;
}

/** Arguments of one call, as decoded from the request. */
export type Params = Readonly<Record<string, unknown>>;

/**
 * The fake workspace's state: people, channels, groups, and everything the app
 * posted, opened or published. Method handlers read and change it; tests read it
 * through the `FakeSlack` handle.
 */
export class FakeWorkspace {
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly triggerTtlMs: number;
  readonly now: () => number;
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, ChannelState>();
  readonly userGroups = new Map<string, FakeUserGroup>();
  readonly messages: PostedMessage[] = [];
  readonly ephemerals: EphemeralMessage[] = [];
  readonly views = new Map<string, FakeView>();
  readonly homeViews: FakeView[] = [];
  private readonly triggers = new Map<string, number>();
  private sequence = 0;

  constructor(options: FakeSlackOptions) {
    this.botUserId = options.botUserId ?? 'UBOT00001';
    this.botId = options.botId ?? 'BBOT00001';
    this.teamId = options.teamId ?? 'T00000001';
    this.triggerTtlMs = options.triggerTtlMs ?? 3000;
    this.now = options.now ?? Date.now;
    options.users?.forEach((u) => this.addUser(u));
    options.channels?.forEach((c) => this.addChannel(c));
    options.userGroups?.forEach((g) => this.addUserGroup(g));
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  addChannel(channel: FakeChannel): void {
    this.channels.set(channel.id, {
      id: channel.id,
      name: channel.name,
      isPrivate: channel.isPrivate ?? false,
      isIm: false,
      members: channel.members ? new Set(channel.members) : undefined,
      botIsMember: channel.botIsMember ?? true,
    });
  }

  addUserGroup(group: FakeUserGroup): void {
    this.userGroups.set(group.id, group);
  }

  /** A unique, increasing message timestamp in Slack's `seconds.micro` shape. */
  nextTs(): string {
    this.sequence += 1;
    return `${Math.floor(this.now() / 1000)}.${String(this.sequence).padStart(6, '0')}`;
  }

  /** A fresh view ID (`V...`). */
  nextViewId(): string {
    this.sequence += 1;
    return `V${String(this.sequence).padStart(10, '0')}`;
  }

  /** Issues a trigger_id as an interaction would; usable once, within the TTL. */
  issueTriggerId(): string {
    this.sequence += 1;
    const id = `${this.sequence}.${this.teamId}.fake${Math.random().toString(16).slice(2, 10)}`;
    this.triggers.set(id, this.now());
    return id;
  }

  /** Spends a trigger_id; throws `expired_trigger_id` when unknown, used, or older than the TTL. */
  useTrigger(value: unknown): void {
    if (typeof value !== 'string' || value === '') throw new SlackMethodError('invalid_arguments');
    const issued = this.triggers.get(value);
    this.triggers.delete(value);
    if (issued === undefined || this.now() - issued > this.triggerTtlMs) {
      throw new SlackMethodError('expired_trigger_id');
    }
  }

  /** The DM channel with a user, created on first use. */
  dmWith(userId: string): ChannelState {
    const id = `D${userId.replace(/^[UW]/, '')}`;
    let dm = this.channels.get(id);
    if (!dm) {
      dm = { id, name: id, isPrivate: true, isIm: true, members: new Set([userId]), botIsMember: true };
      this.channels.set(id, dm);
    }
    return dm;
  }

  /**
   * Finds a channel by ID, by name (`#name` or `name`), or a user ID (their DM), as
   * chat.postMessage accepts; a private channel the bot is not in stays invisible.
   */
  resolveChannel(ref: unknown, options: { byName: boolean }): ChannelState {
    if (typeof ref !== 'string' || ref === '') throw new SlackMethodError('channel_not_found');
    let channel = this.channels.get(ref);
    if (!channel && options.byName) {
      const name = ref.replace(/^#/, '');
      channel = [...this.channels.values()].find((c) => !c.isIm && c.name === name);
    }
    if (!channel && /^[UW]/.test(ref) && this.users.has(ref)) channel = this.dmWith(ref);
    if (!channel || (channel.isPrivate && !channel.botIsMember))
      throw new SlackMethodError('channel_not_found');
    return channel;
  }

  /** The ID of the channel `ref` names (as chat.postMessage reads it), or `ref` itself when none does. */
  channelIdOf(ref: string): string {
    try {
      return this.resolveChannel(ref, { byName: true }).id;
    } catch {
      return ref;
    }
  }

  /** True when `userId` is in `channel`. */
  isMember(channel: ChannelState, userId: string): boolean {
    return channel.members === undefined || channel.members.has(userId);
  }

  /** The user with this ID, or `user_not_found`. */
  user(id: unknown): FakeUser {
    const user = typeof id === 'string' ? this.users.get(id) : undefined;
    if (!user) throw new SlackMethodError('user_not_found');
    return user;
  }
}
