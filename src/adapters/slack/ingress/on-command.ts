import type { App } from '@slack/bolt';
import { runCommand } from '../../../core/conversation/run-command.ts';
import { UserFacingError } from '../../../core/errors.ts';
import { parseCommand } from '../../../core/requests/parse-command.ts';
import type { Command } from '../../../core/requests/request-types.ts';
import { renderCommandOutcome } from '../render/render-command-replies.ts';
import type { SlackHandlerDeps } from './handler-deps.ts';
import { replyPrivately } from './private-reply.ts';
import { renderError } from '../render/render-request-reply.ts';
import { requestFormView } from './request-form-view.ts';
import { userMessageFor } from '../render/user-message-for.ts';

/** The slash command Countersign answers; the manifest declares the same. */
export const SLASH_COMMAND = '/k8s-request';

/**
 * `/k8s-request <text>`: parses the text with the core grammar first (no I/O), so a
 * bad command is refused in the acknowledgement itself with the fix, and nothing is
 * filed; `/k8s-request` alone opens the form; anything else is acknowledged at once
 * and then carried out, the outcome (or a refusal) coming back through the command's
 * `response_url`, visible to the person alone.
 */
export function registerCommand(app: App, deps: SlackHandlerDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
    const logger = deps.logger.child({ user: command.user_id, trigger: command.trigger_id });
    let parsed: Command;
    try {
      parsed = parseCommand(command.text);
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      const message = renderError(error);
      await ack({ response_type: 'ephemeral', text: message.text, blocks: [...message.blocks] });
      return;
    }
    await ack();
    const route = { client, userId: command.user_id, respond, logger };
    try {
      if (parsed.type === 'form') {
        const view = await requestFormView(deps, logger, 'action', command.channel_id);
        await client.views.open({ trigger_id: command.trigger_id, view });
        return;
      }
      const person = await deps.people.principalOf(command.user_id);
      await replyPrivately(route, renderCommandOutcome(await runCommand(deps, parsed, person, command.text)));
    } catch (error) {
      await replyPrivately(route, userMessageFor(error, logger));
    }
  });
}
