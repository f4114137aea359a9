import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { requestTitle } from '../../core/cards/request-title.ts';
import { cancelRequest } from '../../core/workflow/cancel-request.ts';
import { doneReply } from './command-replies.ts';
import type { SlackHandlerDeps } from './handler-deps.ts';
import { interactionRoute, requestIdOf } from './interaction-route.ts';
import { publishHome } from './on-home-opened.ts';
import { replyPrivately } from './private-reply.ts';
import { cardActionId } from './render/interaction-ids.ts';
import { userMessageFor } from './user-message-for.ts';

/**
 * Cancel on the requester's App Home: acknowledged, then withdrawn by the core (only
 * the requester, only while pending); the outcome goes to them alone and their Home
 * is refreshed.
 */
export function registerCancelButton(app: App, deps: SlackHandlerDeps): void {
  app.action<BlockAction<ButtonAction>>(
    cardActionId('cancel'),
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const requestId = requestIdOf(action);
      const logger = deps.logger.child({ requestId, user: body.user.id });
      const route = interactionRoute(body, client, respond, logger);
      try {
        const person = await deps.people.principalOf(body.user.id);
        const { record, changed } = await cancelRequest(deps.workflow, requestId, person);
        const what = `${requestTitle(record.request)} (${record.id})`;
        await replyPrivately(
          route,
          doneReply(changed ? `Cancelled ${what}.` : `${what} is already ${record.state}.`),
        );
      } catch (error) {
        await replyPrivately(route, userMessageFor(error, logger));
      }
      if (body.view?.type === 'home') await publishHome(client, deps, body.user.id);
    },
  );
}
