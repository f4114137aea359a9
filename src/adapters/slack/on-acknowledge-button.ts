import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { requestTitle } from '../../core/cards/request-title.ts';
import { reviewBreakGlass } from '../../core/workflow/review-break-glass.ts';
import { doneReply } from './command-replies.ts';
import type { SlackHandlerDeps } from './handler-deps.ts';
import { interactionRoute, requestIdOf } from './interaction-route.ts';
import { replyPrivately } from './private-reply.ts';
import { cardActionId } from './render/interaction-ids.ts';
import { userMessageFor } from './user-message-for.ts';

/**
 * Acknowledge on a break-glass card: acknowledged, then reviewed by the core (an
 * approver of the request's groups, checked now, never the requester); the outcome or
 * the refusal goes to the clicker alone, and every copy of the card is refreshed by
 * the notifier.
 */
export function registerAcknowledgeButton(app: App, deps: SlackHandlerDeps): void {
  app.action<BlockAction<ButtonAction>>(
    cardActionId('acknowledge'),
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const requestId = requestIdOf(action);
      const logger = deps.logger.child({ requestId, user: body.user.id });
      const route = interactionRoute(body, client, respond, logger);
      try {
        const person = await deps.people.principalOf(body.user.id);
        const { record, changed } = await reviewBreakGlass(deps.workflow, requestId, person);
        const what = `the break-glass run of ${requestTitle(record.request)} (${record.id})`;
        await replyPrivately(
          route,
          doneReply(changed ? `You acknowledged ${what}.` : `${what} was already acknowledged.`),
        );
      } catch (error) {
        await replyPrivately(route, userMessageFor(error, logger));
      }
    },
  );
}
