import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { formatCardTime } from '../../core/cards/format-time.ts';
import { requestTitle } from '../../core/cards/request-title.ts';
import { parseDuration } from '../../core/requests/duration.ts';
import { extendAccess, revokeAccess } from '../../core/workflow/manage-grant.ts';
import { requestNotFound } from '../../core/workflow/mutate-request.ts';
import { doneReply } from './command-replies.ts';
import type { SlackHandlerDeps } from './handler-deps.ts';
import { interactionRoute, requestIdOf } from './interaction-route.ts';
import { publishHome } from './on-home-opened.ts';
import { replyPrivately } from './private-reply.ts';
import { cardActionId, CALLBACK_IDS } from './render/interaction-ids.ts';
import { EXTEND_DURATION_ID, readExtendDuration, renderExtendModal } from './render/render-extend-modal.ts';
import { userMessageFor } from './user-message-for.ts';

/**
 * Extend and Revoke now, on grant cards, the grantee's DM, the expiry reminder and
 * App Home. Revoke is acknowledged, then carried out by the core (the grantee or an
 * approver only); Extend opens a modal for how long, then extends within policy's
 * limit. Outcomes and refusals go to the clicker alone; a click from App Home also
 * refreshes their Home tab.
 */
export function registerGrantButtons(app: App, deps: SlackHandlerDeps): void {
  app.action<BlockAction<ButtonAction>>(
    cardActionId('revoke'),
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const requestId = requestIdOf(action);
      const logger = deps.logger.child({ requestId, user: body.user.id });
      const route = interactionRoute(body, client, respond, logger);
      try {
        const person = await deps.people.principalOf(body.user.id);
        const { record, changed } = await revokeAccess(deps.workflow, requestId, person);
        const what = `${requestTitle(record.request)} (${record.id})`;
        await replyPrivately(
          route,
          doneReply(changed ? `Revoked ${what}.` : `${what} is already ${record.state}.`),
        );
      } catch (error) {
        await replyPrivately(route, userMessageFor(error, logger));
      }
      if (body.view?.type === 'home') await publishHome(client, deps, body.user.id);
    },
  );

  app.action<BlockAction<ButtonAction>>(
    cardActionId('extend'),
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const requestId = requestIdOf(action);
      const logger = deps.logger.child({ requestId, user: body.user.id });
      try {
        const record = await deps.workflow.store.get(requestId);
        if (!record) throw requestNotFound(requestId);
        const view = renderExtendModal({ requestId: record.id, title: requestTitle(record.request) });
        await client.views.open({ trigger_id: body.trigger_id, view });
      } catch (error) {
        await replyPrivately(interactionRoute(body, client, respond, logger), userMessageFor(error, logger));
      }
    },
  );

  app.view(CALLBACK_IDS.extend, async ({ ack, view, body, client }) => {
    const duration = readExtendDuration(view.state.values);
    if (duration === undefined) {
      await ack({ response_action: 'errors', errors: { [EXTEND_DURATION_ID]: 'Choose how much longer.' } });
      return;
    }
    await ack();
    const requestId = view.private_metadata;
    const logger = deps.logger.child({ requestId, user: body.user.id });
    const route = { client, userId: body.user.id, logger };
    try {
      const person = await deps.people.principalOf(body.user.id);
      const { record } = await extendAccess(deps.workflow, requestId, person, parseDuration(duration));
      const until = record.grant ? formatCardTime(record.grant.expiresAt) : 'its end';
      await replyPrivately(
        route,
        doneReply(`${requestTitle(record.request)} (${record.id}) now lasts until ${until}.`),
      );
    } catch (error) {
      await replyPrivately(route, userMessageFor(error, logger));
    }
  });
}
