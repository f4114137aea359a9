import type { App } from '@slack/bolt';
import { runCommand } from '../../../core/conversation/run-command.ts';
import { UserFacingError } from '../../../core/errors.ts';
import { parseCommand } from '../../../core/requests/parse-command.ts';
import type { Command } from '../../../core/requests/request-types.ts';
import { renderCommandOutcome } from '../render/render-command-replies.ts';
import { claimDelivery } from './claim-delivery.ts';
import { deliveryKey } from './delivery-key.ts';
import type { SlackHandlerDeps } from './handler-deps.ts';
import { answerPrivately } from './private-reply.ts';
import { renderError } from '../render/render-request-reply.ts';
import { requestFormView } from './request-form-view.ts';

/** The slash command Countersign answers; the manifest declares the same. */
export const SLASH_COMMAND = '/k8s-request';

/**
 * `/k8s-request <text>`: a command the core grammar refuses is answered in the ack
 * itself; a good one is acked, then claimed (`claimDelivery`; a repeat stops there):
 * `/k8s-request` alone at once, to open the form (its trigger expires in 3 s); anything
 * else when its turn comes in `afterAck`, the reply visible to the person alone.
 */
export function registerCommand(app: App, deps: SlackHandlerDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond, client, context }) => {
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
    const { envelopeId, retryNum } = context as { envelopeId?: string; retryNum?: number };
    const key = deliveryKey({ body: command, envelopeId });
    const first = async (): Promise<boolean> =>
      key === undefined || (await claimDelivery(deps.claims, key, deps.logger, { envelopeId, retryNum }));
    const logger = deps.logger.child({ user: command.user_id, trigger: command.trigger_id });
    const route = { client, userId: command.user_id, respond, logger };
    if (parsed.type === 'form') {
      if (!(await first())) return;
      await answerPrivately(route, async () => {
        const view = await requestFormView(deps, logger, 'action', command.channel_id);
        await client.views.open({ trigger_id: command.trigger_id, view });
        return undefined;
      });
      return;
    }
    const filing = parsed;
    await deps.afterAck.run(async () => {
      if (!(await first())) return;
      await answerPrivately(route, async () => {
        const person = await deps.people.principalOf(command.user_id);
        return renderCommandOutcome(await runCommand(deps, filing, person, command.text));
      });
    });
  });
}
