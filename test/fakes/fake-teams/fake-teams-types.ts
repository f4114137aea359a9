/** A person in the fake tenant: their Teams user ID (`29:…`), Entra object ID, name and email. */
export interface FakeTeamsUser {
  readonly teamsId: string;
  readonly aadObjectId: string;
  readonly name: string;
  readonly email: string;
}

/** A team of the fake tenant; its first channel is General, whose ID is the team's ID. */
export interface FakeTeam {
  readonly id: string;
  readonly name: string;
  readonly channels: readonly { readonly id: string; readonly name: string }[];
  /** Entra object IDs of the members. */
  readonly members: readonly string[];
}

/** A message the bot posted (or a person sent), as the fake Bot Connector keeps it. */
export interface PostedActivity {
  /** The activity ID. */
  readonly id: string;
  /** Channel ID or chat conversation ID. */
  readonly conversationId: string;
  /** For a reply in a channel thread: the root post's activity ID. */
  readonly threadRoot?: string;
  /** The activity this one answers (a reply to a person's message or click). */
  readonly replyToId?: string;
  /** The current content (after any updates). */
  activity: Record<string, unknown>;
  /** Every content it had, oldest first. */
  readonly versions: Record<string, unknown>[];
  deleted: boolean;
  /** `bot` for the bot's own messages. */
  readonly from: string;
}

/** One call the bot made to the fake Bot Connector, and the answer. */
export interface ConnectorCall {
  readonly method: string;
  /** Decoded path, e.g. `/v3/conversations/19:x@thread.tacv2/activities`. */
  readonly path: string;
  /** 0 for a request the fake left unanswered. */
  readonly status: number;
  /** When it arrived (epoch ms). */
  readonly at: number;
  /** The Authorization header the bot sent. */
  readonly authorization: string;
  readonly problem?: string;
}
