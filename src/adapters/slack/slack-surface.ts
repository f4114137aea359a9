import type { SlackConfig } from '../../config/config.ts';
import type { MembershipPort } from '../../core/ports/membership.ts';
import type { Notifier } from '../../core/ports/notifier.ts';
import type { Route } from '../http/http-server.ts';
import { createSlackApp, type SlackAppDeps } from './slack-app.ts';
import type { SlackLink } from './ingress/slack-link.ts';
import { SlackMembership } from './chat/slack-membership.ts';
import { surfaceNotifier } from '../../core/notify/surface-notifier.ts';
import { SlackChat } from './chat/slack-chat.ts';
import { createSlackClient } from './chat/slack-web-client.ts';

/** Everything Slack adds to a process: ingress routes, the notifier, membership, and its lifecycle. */
export interface SlackSurfaceParts {
  readonly name: 'slack';
  readonly routes: readonly Route[];
  readonly notifier: Notifier;
  readonly membership: MembershipPort;
  /** Up once connected (Socket Mode) or the token verified (HTTP mode). */
  readonly link: SlackLink;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The Slack surface of a process: the Bolt app, the core's notifier on a {@link SlackChat}, and membership. */
export function createSlackSurface(config: SlackConfig, deps: SlackAppDeps): SlackSurfaceParts {
  const logger = deps.logger.child({ component: 'slack' });
  const client = createSlackClient(config, logger);
  const app = createSlackApp(config, deps);
  return {
    name: 'slack',
    routes: app.routes,
    notifier: surfaceNotifier(new SlackChat(client), config, { ...deps, log: logger }),
    membership: new SlackMembership(client, logger),
    link: app.link,
    start: () => app.start(),
    close: () => app.stop(),
  };
}
