import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { requestTitle } from '../../core/cards/request-title.ts';
import { progress } from '../../core/lifecycle/progress.ts';
import { requestNotFound } from '../../core/workflow/mutate-request.ts';
import { decideRequest } from '../../core/workflow/decide-request.ts';
import { withStepUp } from '../../core/workflow/with-step-up.ts';
import { doneReply } from './command-replies.ts';
import type { SlackHandlerDeps } from './handler-deps.ts';
import { interactionRoute, requestIdOf } from './interaction-route.ts';
import { replyPrivately } from './private-reply.ts';
import { cardActionId, CALLBACK_IDS } from './render/interaction-ids.ts';
import { DENY_REASON_ID, readDenyReason, renderDenyModal } from './render/render-deny-modal.ts';
import { renderStepUpReply } from './render/render-step-up-reply.ts';
import { userMessageFor } from './user-message-for.ts';

/**
 * Approve and Deny on a card. Approve is acknowledged at once, then decided by the
 * core at that moment (approver groups checked now, never the requester, distinct
 * people); a refusal comes back to the clicker alone and changes nothing. Where policy
 * wants step-up, the clicker alone gets the single-use sign-in link instead, and the
 * approval counts once the sign-in completes. Deny opens a modal for the reason; its
 * submission is acknowledged, then decided the same way. The button's value is only
 * the request ID.
 */
export function registerApproveDeny(app: App, deps: SlackHandlerDeps): void {
  app.action<BlockAction<ButtonAction>>(
    cardActionId('approve'),
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const requestId = requestIdOf(action);
      const logger = deps.logger.child({ requestId, user: body.user.id });
      const route = interactionRoute(body, client, respond, logger);
      try {
        const person = await deps.people.principalOf(body.user.id);
        const decided = await withStepUp(deps.stepUp, { kind: 'approve', requestId, person }, () =>
          decideRequest(deps.workflow, { requestId, person, verdict: 'approve' }),
        );
        if ('stepUpUrl' in decided) {
          await replyPrivately(route, renderStepUpReply(decided.message, decided.stepUpUrl));
          return;
        }
        const outcome = decided.done;
        const what = `${requestTitle(outcome.record.request)} (${outcome.record.id})`;
        await replyPrivately(
          route,
          doneReply(
            outcome.changed
              ? `You approved ${what}: ${progress(outcome.record).text}.`
              : `Your approval of ${what} was already recorded; nothing changed.`,
          ),
        );
      } catch (error) {
        await replyPrivately(route, userMessageFor(error, logger));
      }
    },
  );

  app.action<BlockAction<ButtonAction>>(
    cardActionId('deny'),
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const requestId = requestIdOf(action);
      const logger = deps.logger.child({ requestId, user: body.user.id });
      try {
        const record = await deps.workflow.store.get(requestId);
        if (!record) throw requestNotFound(requestId);
        const view = renderDenyModal({ requestId: record.id, title: requestTitle(record.request) });
        await client.views.open({ trigger_id: body.trigger_id, view });
      } catch (error) {
        await replyPrivately(interactionRoute(body, client, respond, logger), userMessageFor(error, logger));
      }
    },
  );

  app.view(CALLBACK_IDS.deny, async ({ ack, view, body, client }) => {
    const reason = readDenyReason(view.state.values);
    if (reason === undefined) {
      await ack({
        response_action: 'errors',
        errors: { [DENY_REASON_ID]: 'Say why; the requester sees it.' },
      });
      return;
    }
    await ack();
    const requestId = view.private_metadata;
    const logger = deps.logger.child({ requestId, user: body.user.id });
    const route = { client, userId: body.user.id, logger };
    try {
      const person = await deps.people.principalOf(body.user.id);
      const outcome = await decideRequest(deps.workflow, { requestId, person, verdict: 'deny', reason });
      const what = `${requestTitle(outcome.record.request)} (${outcome.record.id})`;
      await replyPrivately(
        route,
        doneReply(
          outcome.changed
            ? `You denied ${what}.`
            : `${what} is already ${outcome.record.state}; nothing changed.`,
        ),
      );
    } catch (error) {
      await replyPrivately(route, userMessageFor(error, logger));
    }
  });
}
