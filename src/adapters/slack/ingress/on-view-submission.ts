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
 * The `/k8s-request` form. Switching between action and access re-renders it in
 * place. On submit the core reads the fields as a typed command
 * ({@link readFormSubmission}): a refusal is shown under the field it is about and
 * the modal stays open; a valid request closes the modal at once and is then filed, the confirmation
 * (ID and what policy decided) shown in the channel the command was typed in, or by
 * DM when that is not possible; where policy wants a fresh sign-in, the step-up link
 * goes there instead.
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
