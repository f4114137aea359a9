import type { App, BlockAction, ButtonAction, types } from '@slack/bolt';
import { requestTitle } from '../../../core/cards/request-title.ts';
import { fullChangeOf } from '../../../core/changes/full-change.ts';
import { UserFacingError } from '../../../core/errors.ts';
import { runCardAction, type CardActionInput } from '../../../core/conversation/card-action.ts';
import { findRequest } from '../../../core/conversation/find-request.ts';
import type { RequestAction } from '../../../core/conversation/outcome-text.ts';
import type { RequestRecord } from '../../../core/lifecycle/request-record.ts';
import { renderLinesReply } from '../render/render-command-replies.ts';
import { doneReplyLines } from '../../../core/conversation/command-reply-lines.ts';
import type { SlackHandlerDeps } from './handler-deps.ts';
import { publishHome } from './on-home-opened.ts';
import { answerPrivately, interactionRoute, type ReplyRoute } from './private-reply.ts';
import { cardActionId, CALLBACK_IDS, SHOW_CHANGE_ACTION_ID } from '../render/interaction-ids.ts';
import { renderFullChangeModal } from '../render/render-full-change-modal.ts';
import { askedField, readAskedValue, renderAskModal } from '../render/render-ask-modal.ts';
import { renderStepUpReply } from '../render/render-step-up-reply.ts';

/** Buttons the core carries out at the click; deny and extend first ask in a modal. */
const AT_ONCE = ['approve', 'cancel', 'revoke', 'acknowledge'] as const satisfies readonly RequestAction[];

/** Buttons App Home offers; a click there refreshes the Home. */
const REFRESH_HOME: ReadonlySet<RequestAction> = new Set(['cancel', 'revoke', 'acknowledge']);

/**
 * Every card button, wherever the card is shown: acknowledged at once, then carried out
 * by the core's card-action handler, the outcome going to the clicker alone (shared
 * copies follow through the notifier). Deny and Extend ask in a modal first; a click on
 * App Home refreshes it; "Show full change" opens the whole change in a modal.
 */
export function registerCardButtons(app: App, deps: SlackHandlerDeps): void {
  for (const action of AT_ONCE) {
    app.action<BlockAction<ButtonAction>>(
      cardActionId(action),
      async ({ ack, body, action: button, client }) => {
        await ack();
        const requestId = button.value ?? '';
        const logger = deps.logger.child({ requestId, user: body.user.id });
        await carryOut(deps, interactionRoute(body, client, logger), { action, requestId });
        if (REFRESH_HOME.has(action) && body.view?.type === 'home') {
          await publishHome(client, deps, body.user.id);
        }
      },
    );
  }
  for (const action of ['deny', 'extend'] as const) {
    registerOpensModal(app, deps, cardActionId(action), (record) =>
      renderAskModal(action, { requestId: record.id, title: requestTitle(record.request) }),
    );
    app.view(CALLBACK_IDS[action], async ({ ack, view, body, client }) => {
      const value = readAskedValue(action, view.state.values);
      if (value === undefined) {
        const field = askedField(action);
        await ack({ response_action: 'errors', errors: { [field.id]: field.refusal } });
        return;
      }
      await ack();
      const requestId = view.private_metadata;
      const logger = deps.logger.child({ requestId, user: body.user.id });
      await carryOut(
        deps,
        { client, userId: body.user.id, logger },
        {
          action,
          requestId,
          ...(action === 'deny' ? { reason: value } : { duration: value }),
        },
      );
    });
  }
  registerOpensModal(app, deps, SHOW_CHANGE_ACTION_ID, showChangeModal);
}

/**
 * A button that opens a modal about its request: acknowledged, then the modal `build`
 * makes from the request's record, or the refusal (no such request, nothing to show)
 * in private.
 */
function registerOpensModal(
  app: App,
  deps: SlackHandlerDeps,
  actionId: string,
  build: (record: RequestRecord) => types.ModalView,
): void {
  app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action: button, client }) => {
    await ack();
    const requestId = button.value ?? '';
    const logger = deps.logger.child({ requestId, user: body.user.id });
    await answerPrivately(interactionRoute(body, client, logger), async () => {
      const view = build(await findRequest(deps, requestId));
      await client.views.open({ trigger_id: body.trigger_id, view });
      return undefined;
    });
  });
}

/** "Show full change" on a patch or kubectl-body card: the whole change in a modal; it decides nothing. */
function showChangeModal(record: RequestRecord): types.ModalView {
  const change = fullChangeOf(record);
  if (!change)
    throw new UserFacingError('no_full_change', `Request ${record.id} has no patch or request body to show.`);
  return renderFullChangeModal({ requestId: record.id, title: requestTitle(record.request) }, change);
}

/** Carries out a click (or a modal's submission) as `userId`, answering them alone. */
async function carryOut(
  deps: SlackHandlerDeps,
  route: ReplyRoute,
  input: Omit<CardActionInput, 'person'>,
): Promise<void> {
  await answerPrivately(route, async () => {
    const person = await deps.people.principalOf(route.userId);
    const outcome = await runCardAction(deps, { ...input, person });
    return outcome.kind === 'step-up'
      ? renderStepUpReply(outcome.message, outcome.url)
      : renderLinesReply(doneReplyLines(outcome.text));
  });
}
