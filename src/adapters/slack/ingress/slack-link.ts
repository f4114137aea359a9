/** Where the process's link to Slack stands (Socket Mode's connection states; HTTP mode `verified`; `refused` token). */
export type SlackLinkState =
  'starting' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'verified' | 'refused';

/** The link's state for `/healthz`: the state, since when (ms epoch), and how often it reconnected. */
export interface SlackLinkSnapshot {
  readonly mode: 'socket' | 'http';
  readonly state: SlackLinkState;
  readonly since: number;
  readonly reconnects: number;
}

/** One process's Slack link, read by readiness (`up`), `/healthz` and the reconnect metric. */
export class SlackLink {
  private current: SlackLinkState = 'starting';
  private since: number;
  private reconnects = 0;
  private everConnected = false;
  private readonly listeners: (() => void)[] = [];

  constructor(
    readonly mode: 'socket' | 'http',
    private readonly now: () => number = Date.now,
  ) {
    this.since = now();
  }

  /** Ready for deliveries: connected (Socket Mode) or token verified (HTTP mode). */
  get up(): boolean {
    return this.current === 'connected' || this.current === 'verified';
  }

  get state(): SlackLinkState {
    return this.current;
  }

  /** Moves to `state`; a `connected` after an earlier one counts as a reconnect. */
  set(state: SlackLinkState): void {
    if (state === this.current) return;
    if (state === 'connected') {
      if (this.everConnected) {
        this.reconnects++;
        for (const listener of this.listeners) listener();
      }
      this.everConnected = true;
    }
    this.current = state;
    this.since = this.now();
  }

  /** Calls `listener` on every reconnect. */
  onReconnect(listener: () => void): void {
    this.listeners.push(listener);
  }

  snapshot(): SlackLinkSnapshot {
    return { mode: this.mode, state: this.current, since: this.since, reconnects: this.reconnects };
  }
}
