import type { Route } from '../adapters/http/http-server.ts';
import type { MembershipPort } from '../core/ports/membership.ts';
import type { Notifier } from '../core/ports/notifier.ts';

/** A surface's standing connection to its platform (Slack's), which readiness waits for. */
export interface SurfaceLink {
  /** True while deliveries can arrive (connected, or the token verified). */
  readonly up: boolean;
  /** What `/healthz` shows (state, since when, reconnects). */
  snapshot(): object;
  /** Calls `listener` each time the link comes back after a loss. */
  onReconnect(listener: () => void): void;
}

/**
 * One place people reach Countersign (Slack, Teams, the web console), as the process
 * wiring sees it: the HTTP routes it serves (ingress), how it tells people about a
 * request (the `notify` job fans out to every surface), and, for platforms with
 * native groups, how approver-group membership is checked.
 */
export interface Surface {
  readonly name: string;
  readonly routes: readonly Route[];
  readonly notifier: Notifier;
  readonly membership?: MembershipPort;
  /** Its link to the platform, when it keeps one: a serving process is ready only while it is up. */
  readonly link?: SurfaceLink;
  /** A line for the start-up log, e.g. where the console is. */
  readonly banner?: string;
  /** Starts what needs starting after routes are mounted (Socket Mode connection). */
  start?(): Promise<void>;
  close(): Promise<void>;
}
