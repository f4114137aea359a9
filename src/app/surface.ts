import type { Route } from '../adapters/http/http-server.ts';
import type { MembershipPort } from '../core/ports/membership.ts';
import type { Notifier } from '../core/ports/notifier.ts';

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
  /** A line for the start-up log, e.g. where the console is. */
  readonly banner?: string;
  /** Starts what needs starting after routes are mounted (Socket Mode connection). */
  start?(): Promise<void>;
  close(): Promise<void>;
}
