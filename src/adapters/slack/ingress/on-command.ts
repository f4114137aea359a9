import type { App } from '@slack/bolt';
import { runCommand } from '../../../core/conversation/run-command.ts';
import { UserFacingError } from '../../../core/errors.ts';
import { parseCommand } from '../../../core/requests/parse-command.ts';
import type { Command } from '../../../core/requests/request-types.ts';
import type { ReplyCommand } from '../../../core/conversation/command-outcome.ts';
import { renderCommandOutcome } from '../render/render-command-replies.ts';
import { claimDelivery, type DeliveryNote } from './claim-delivery.ts';
import { deliveryKey } from './delivery-key.ts';
import type { SlackHandlerDeps } from './handler-deps.ts';
import { answerPrivately, type ReplyRoute } from './private-reply.ts';
import { renderError } from '../render/render-request-reply.ts';
import { requestFormView } from './request-form-view.ts';
import { responseUrlPost } from './response-url-post.ts';

/** The slash command Countersign answers; the manifest declares the same. */
export const SLASH_COMMAND = '/k8s-request';

/**
 * `/k8s-request <text>`: a command the core grammar refuses is answered in the ack
 * itself; a good one is acked, then claimed (`claimDelivery`; a repeat stops there):
 * `/k8s-request` alone at once, to open the form (its trigger expires in 3 s); anything
 * else when its turn comes in `afterAck` (the listener does not wait for it), the
 * reply visible to the person alone.
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
    if (parsed.type === 'form') {
      const logger = deps.logger.child({ user: command.user_id, trigger: command.trigger_id });
      if (!(await firstDelivery(deps, key, { envelopeId, retryNum }))) return;
      await answerPrivately({ client, userId: command.user_id, respond, logger }, async () => {
        const view = await requestFormView(deps, logger, 'action', command.channel_id);
        await client.views.open({ trigger_id: command.trigger_id, view });
        return undefined;
      });
      return;
    }
    // Queued, not awaited: the listener ends here, so Bolt's request, response, context
    // and listener arguments are garbage once the ack is sent instead of living on (through
    // each collection in the burst) until the filing is done; the filing keeps only `delivery`.
    const filing = parsed;
    const delivery: CommandDelivery = {
      key,
      note: { envelopeId, retryNum },
      userId: command.user_id,
      triggerId: command.trigger_id,
      text: command.text,
      client,
      respond: responseUrlPost(command.response_url),
    };
    void deps.afterAck
      .run(() => fileCommand(deps, delivery, filing))
      .catch((error: unknown) => deps.logger.error({ err: error }, 'Slack listener failed'));
  });
}

/** What filing a typed command needs of its delivery, and nothing else of Bolt's. */
interface CommandDelivery {
  readonly key: string | undefined;
  readonly note: DeliveryNote;
  readonly userId: string;
  readonly triggerId: string;
  readonly text: string;
  readonly client: ReplyRoute['client'];
  readonly respond: NonNullable<ReplyRoute['respond']>;
}

/** Claims a typed command's delivery (a repeat stops there), files it and answers the person privately. */
async function fileCommand(
  deps: SlackHandlerDeps,
  delivery: CommandDelivery,
  filing: ReplyCommand,
): Promise<void> {
  const { key, userId, text } = delivery;
  const logger = deps.logger.child({ user: userId, trigger: delivery.triggerId });
  if (!(await firstDelivery(deps, key, delivery.note))) return;
  await answerPrivately({ client: delivery.client, userId, respond: delivery.respond, logger }, async () => {
    const person = await deps.people.principalOf(userId);
    return renderCommandOutcome(await runCommand(deps, filing, person, text));
  });
}

/** True when this replica handles the delivery: it has no key to claim by, or its claim is the first. */
async function firstDelivery(
  deps: SlackHandlerDeps,
  key: string | undefined,
  note: DeliveryNote,
): Promise<boolean> {
  return key === undefined || (await claimDelivery(deps.claims, key, deps.logger, note));
}
