/**
 * Names of every Redis key Countersign writes — the store, the audit chain and its delivery, the Teams
 * conversation store, the console's session secret and step-ups in flight — under one prefix (the
 * configured `REDIS_KEY_PREFIX`, e.g. `cs`). Per-request and per-person keys end with
 * the ID, username or group as given; the fixed middle segment keeps kinds apart.
 * Indexes are kept by the write scripts, so nothing here is ever found by SCAN/KEYS.
 */
export interface StoreKeys {
  readonly prefix: string;
  /** JSON of one request record (string). */
  request(id: string): string;
  /** Open requests of one requester (sorted set, score `createdAt`). */
  openByRequester(username: string): string;
  /** Pending requests one approver group may decide (sorted set, score `createdAt`). */
  pendingForGroup(group: string): string;
  /** Grants in force (sorted set, score `grant.expiresAt`). */
  readonly activeGrants: string;
  /** Break-glass runs no approver has acknowledged yet (sorted set, score `breakGlass.at`). */
  readonly unreviewedBreakGlass: string;
  /** Requests approved, queued or executing, by when they entered that state. */
  readonly inFlight: string;
  /** Pending requests by when their next timer (escalation step, decision deadline) is due (sorted set). */
  readonly pendingDue: string;
  /** Messages posted for one request (list of JSON refs, in order posted). */
  messages(id: string): string;
  /** Message slots of one request (hash: slot → posted message ID or live claim). */
  messageSlots(id: string): string;
  /** Stream IDs of one request's audit records, in chain order (list). */
  events(id: string): string;
  /** The highest version of one request every notifier has told (string, with a TTL). */
  notified(id: string): string;
  /** The audit chain (stream of audit records). */
  readonly auditStream: string;
  /** Head of the audit chain (hash: `seq`, `hash`, `record`). */
  readonly auditHead: string;
  /** The last audit checkpoint logged (hash: `seq`, `hash`); only ever raised. */
  readonly auditCheckpoint: string;
  /** Where the audit stream was trimmed (hash: `seq`, `prevHash`, `id` of its first kept record). */
  readonly auditTrimmed: string;
  /** How far one audit sink destination acknowledged (hash: `seq`, `id` of the last record taken). */
  auditSinkCursor(destination: string): string;
  /** The replica shipping to one audit sink destination (string: its token, with a TTL). */
  auditSinkLease(destination: string): string;
  /** Teams conversations captured at installation (hash: conversation ID → JSON). */
  readonly teamsConversations: string;
  /** Personal Teams chats (hash: Entra object ID → conversation ID). */
  readonly teamsPersonalChats: string;
  /** Channel IDs of one Teams team (set). */
  teamsTeamChannels(teamId: string): string;
  /** Teams channel IDs with one lower-cased name (set). */
  teamsChannelsNamed(name: string): string;
  /** Marker that one logical write (by its token) was applied, so a resent script is not applied twice. */
  writeDone(token: string): string;
  /** Claim of one Slack delivery (trigger, event, view or envelope ID) by the replica handling it (string, with a TTL). */
  slackDelivery(key: string): string;
  /** The console's generated cookie-signing secret, when none is configured (string, SET NX). */
  readonly consoleSessionSecret: string;
  /** A step-up link waiting to be opened, by the SHA-256 of its token (string, expiring). */
  stepUpLink(tokenHash: string): string;
  /** A step-up sign-in under way at the provider, by the SHA-256 of its OIDC state (string, expiring). */
  stepUpFlow(stateHash: string): string;
}

/** The key names under `prefix` (no trailing colon), e.g. `storeKeys('cs').request('r1')` is `cs:req:r1`. */
export function storeKeys(prefix: string): StoreKeys {
  return {
    prefix,
    request: (id) => `${prefix}:req:${id}`,
    openByRequester: (username) => `${prefix}:open:${username}`,
    pendingForGroup: (group) => `${prefix}:pending:${group}`,
    activeGrants: `${prefix}:active`,
    unreviewedBreakGlass: `${prefix}:breakglass:unreviewed`,
    inFlight: `${prefix}:inflight`,
    pendingDue: `${prefix}:pending-due`,
    messages: (id) => `${prefix}:msgs:${id}`,
    messageSlots: (id) => `${prefix}:slots:${id}`,
    notified: (id) => `${prefix}:notified:${id}`,
    events: (id) => `${prefix}:events:${id}`,
    auditStream: `${prefix}:audit`,
    auditHead: `${prefix}:audit:head`,
    auditCheckpoint: `${prefix}:audit:checkpoint`,
    auditTrimmed: `${prefix}:audit:trimmed`,
    auditSinkCursor: (destination) => `${prefix}:audit:sink:${destination}:cursor`,
    auditSinkLease: (destination) => `${prefix}:audit:sink:${destination}:lease`,
    teamsConversations: `${prefix}:teams:conv`,
    teamsPersonalChats: `${prefix}:teams:personal`,
    teamsTeamChannels: (teamId) => `${prefix}:teams:team:${teamId}`,
    teamsChannelsNamed: (name) => `${prefix}:teams:name:${name.toLowerCase()}`,
    writeDone: (token) => `${prefix}:done:${token}`,
    slackDelivery: (key) => `${prefix}:slack:delivery:${key}`,
    consoleSessionSecret: `${prefix}:console:session-secret`,
    stepUpLink: (tokenHash) => `${prefix}:stepup:link:${tokenHash}`,
    stepUpFlow: (stateHash) => `${prefix}:stepup:flow:${stateHash}`,
  };
}
