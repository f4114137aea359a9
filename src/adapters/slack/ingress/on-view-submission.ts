import type { App, BlockAction, RadioButtonsAction } from '@slack/bolt';
import { readFormSubmission } from '../../../core/conversation/form-submission.ts';
import { runCommand } from '../../../core/conversation/run-command.ts';
import { renderCommandOutcome } from '../render/render-command-replies.ts';
import type { SlackHandlerDeps } from './handler-deps.ts';
import { answerPrivately } from './private-reply.ts';
import { CALLBACK_IDS, FORM_KIND_ACTION_ID } from '../render/interaction-ids.ts';
import { readSlackForm } from '../render/render-request-form.ts';
import { requestFormView } from './request-form-view.ts';

const MAX_FIELD_ERROR = 300;

/**
 * The `/k8s-request` form: switching action/access re-renders it; a submission the core
 * refuses ({@link readFormSubmission}) is shown under its field, a valid one closes the
 * modal and is filed, the reply going to the channel the command was typed in (or a DM).
 */
export function registerRequestForm(app: App, deps: SlackHandlerDeps): void {
  app.action<BlockAction<RadioButtonsAction>>(FORM_KIND_ACTION_ID, async ({ ack, body, action, client }) => {
    await ack();
    const current = body.view;
    if (!current) return;
    const kind = action.selected_option?.value === 'access' ? 'access' : 'action';
    const logger = deps.logger.child({ user: body.user.id });
    const view = await requestFormView(deps, logger, kind, current.private_metadata || undefined);
    await client.views.update({ view_id: current.id, hash: current.hash, view });
  });

  app.view(CALLBACK_IDS.form, async ({ ack, view, body, client }) => {
    const shown = new Set([
      ...Object.keys(view.state.values),
      ...view.blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : [])),
    ]);
    const form = readFormSubmission(readSlackForm(view.state.values), shown);
    if (form.kind === 'refused') {
      const message = form.error.toUserText().slice(0, MAX_FIELD_ERROR);
      await ack({ response_action: 'errors', errors: { [form.field]: message } });
      return;
    }
    await ack();
    const logger = deps.logger.child({ user: body.user.id });
    const channel = view.private_metadata || undefined;
    const route = { client, userId: body.user.id, logger, ...(channel ? { channel } : {}) };
    await answerPrivately(route, async () => {
      const requester = await deps.people.principalOf(body.user.id);
      return renderCommandOutcome(await runCommand(deps, form.request, requester, form.text));
    });
  });
}
