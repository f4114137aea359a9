import type { TurnContext } from 'botbuilder';
import { runCommand } from '../../../core/conversation/run-command.ts';
import { parseCommand } from '../../../core/requests/parse-command.ts';
import { commandTextOf } from './command-text.ts';
import { cardActivity } from '../render/card-activity.ts';
import type { TeamsHandlerDeps } from './handler-deps.ts';
import type { AdaptiveCard } from '../render/adaptive-card.ts';
import { renderCommandOutcome } from '../render/render-command-replies.ts';
import { renderError, renderFailure } from '../render/render-request-reply.ts';
import { requestForm } from './request-form.ts';
import { failureNotice } from '../../../core/conversation/failure-notice.ts';
import type { Logger } from 'pino';

/**
 * A message to the bot (`k8s-request <text>`; in a channel with an @mention, the command
 * word optional): bad input is answered with the fix and nothing filed, `k8s-request`
 * alone with the form, anything else is run by the core and its outcome (or refusal) is
 * the reply.
 */
export async function onMessage(context: TurnContext, deps: TeamsHandlerDeps): Promise<void> {
  const text = commandTextOf(context.activity);
  const logger = deps.logger.child({
    user: context.activity.from?.aadObjectId,
    activity: context.activity.id,
  });
  const reply = async (card: AdaptiveCard): Promise<void> => {
    await context.sendActivity(cardActivity(card));
  };
  try {
    const parsed = parseCommand(text);
    if (parsed.type === 'form') {
      await reply(await requestForm(deps, logger));
      return;
    }
    const person = await deps.people.principalOf(context);
    await reply(renderCommandOutcome(await runCommand(deps, parsed, person, text)));
  } catch (error) {
    await reply(userMessageFor(error, logger));
  }
}

/**
 * What a person is told when their command or click failed, as a card: the core's
 * {@link failureNotice} (a refusal with its example, or a logged failure's reference).
 */
function userMessageFor(error: unknown, logger: Logger): AdaptiveCard {
  const notice = failureNotice(error, logger, 'Teams interaction failed');
  return notice.kind === 'refused' ? renderError(notice.error) : renderFailure(notice.reference);
}
