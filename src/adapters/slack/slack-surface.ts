import type { SlackConfig } from '../../config/config.ts';
import { createSlackApp, type SlackAppDeps } from './slack-app.ts';
import { SlackMembership } from './chat/slack-membership.ts';
import { surfaceNotifier } from '../../core/notify/surface-notifier.ts';
import { SlackChat } from './chat/slack-chat.ts';
import { createSlackClient } from './chat/slack-web-client.ts';

/** The Slack surface of a process: its routes, the core's notifier on a {@link SlackChat}, membership, link and lifecycle. */
export function createSlackSurface(config: SlackConfig, deps: SlackAppDeps) {
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
