import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { TeamsConfig } from '../../config/config.ts';
import { ForeignRefusalAudit } from '../../core/audit/foreign-refusals.ts';
import type { IdentityRules } from '../../core/identity/resolve-principal.ts';
import type { MembershipPort } from '../../core/ports/membership.ts';
import { surfaceNotifier } from '../../core/notify/surface-notifier.ts';
import type { Notifier } from '../../core/ports/notifier.ts';
import type { ConversationDeps } from '../../core/conversation/conversation-deps.ts';
import { entraGroupMembership } from '../entra/graph-membership.ts';
import { createMsalApp, type LoginTls } from '../entra/msal-app.ts';
import type { Route } from '../http/http-server.ts';
import { RedisConversationStore } from '../store/redis-conversation-store.ts';
import { TeamsChat } from './chat/teams-chat.ts';
import { cardActivity } from './render/card-activity.ts';
import { createBotAuthentication } from './ingress/bot-authentication.ts';
import type { TeamsHandlerDeps } from './ingress/handler-deps.ts';
import { messageResponse, respond } from './ingress/invoke-response.ts';
import { messagesRoute } from './ingress/messages-route.ts';
import { teamsTurnHandler } from './ingress/teams-bot.ts';
import { TeamsCloudAdapter } from './ingress/teams-cloud-adapter.ts';
import { TeamsPeople } from './ingress/teams-identity.ts';
import { renderFailure } from './render/render-request-reply.ts';

/** What the Teams surface needs from the composition root; stored conversations live in the process's Redis (not closed here) under `<keyPrefix>:teams:`. */
export interface TeamsSurfaceDeps extends ConversationDeps {
  readonly identity: IdentityRules;
  readonly logger: Logger;
  readonly redis: Redis;
  readonly keyPrefix: string;
  /** CAs to trust for the login endpoint beyond the system's (private clouds, tests). */
  readonly loginTls?: LoginTls;
}

/** The Teams surface as the serve process mounts it. */
export interface TeamsSurface {
  readonly name: 'teams';
  readonly routes: readonly Route[];
  readonly notifier: Notifier;
  readonly membership: MembershipPort;
  close(): Promise<void>;
}

/**
 * The Microsoft Teams surface on botbuilder's CloudAdapter, authenticated by the Bot
 * Framework with the configured app and endpoints: `POST /api/messages` (commands,
 * card clicks, installation events); the core's notifier on a {@link TeamsChat}
 * (conversations captured at installation, kept in Redis); and Entra group membership
 * through Graph where the app can ask it. botbuilder stays inside this folder.
 */
export function createTeamsSurface(config: TeamsConfig, deps: TeamsSurfaceDeps): TeamsSurface {
  const logger = deps.logger.child({ component: 'teams' });
  const msal = createMsalApp(config, deps.loginTls);
  const adapter = new TeamsCloudAdapter(createBotAuthentication(config, msal));
  const conversations = new RedisConversationStore(deps.redis, deps.keyPrefix);
  const handlerDeps: TeamsHandlerDeps = {
    workflow: deps.workflow,
    people: new TeamsPeople(deps.identity),
    conversations,
    logger,
    ...(deps.stepUp ? { stepUp: deps.stepUp } : {}),
  };
  adapter.onTurnError = async (context, error) => {
    const reference = randomBytes(4).toString('hex');
    logger.error({ err: error, reference, activityType: context.activity.type }, 'Teams turn failed');
    if (context.activity.type === 'invoke') {
      await respond(context, messageResponse(`Something failed, reference ${reference}.`));
    } else if (context.activity.type === 'message') {
      await context.sendActivity(cardActivity(renderFailure(reference))).catch(() => undefined);
    }
  };
  return {
    name: 'teams',
    routes: [
      messagesRoute(
        adapter,
        teamsTurnHandler(
          handlerDeps,
          config.allowedTenants,
          new ForeignRefusalAudit(deps.workflow.audit, deps.workflow.clock, logger),
        ),
        logger,
      ),
    ],
    notifier: surfaceNotifier(new TeamsChat(adapter, config.appId, conversations), config, {
      ...deps,
      log: logger,
    }),
    membership: entraGroupMembership(config, msal, logger),
    close: () => Promise.resolve(),
  };
}
