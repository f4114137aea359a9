import type { TurnContext } from 'botbuilder';
import type { ForeignRefusalAudit } from '../../../core/audit/foreign-refusals.ts';
import { conversationOf, tenantsOf } from './activity-conversation.ts';
import type { TeamsHandlerDeps } from './handler-deps.ts';
import { errorResponse, respond } from './invoke-response.ts';
import { onCardAction } from './on-card-action.ts';
import { onInstallation } from './on-installation.ts';
import { onMessage } from './on-message.ts';

/** The invoke name Teams uses for an Action.Execute click. */
const CARD_ACTION_INVOKE = 'adaptiveCard/action';

/**
 * The bot's turn logic after the CloudAdapter authenticated the request. An activity from
 * outside Teams, or whose tenant IDs are not all in `allowedTenants` (lower-case), is
 * refused (an invoke with 400 or 403), logged, and a foreign one audited through
 * `refusals`: Teams says who the sender is, so another tenant could claim anyone. A
 * personal chat is (re)stored on every activity; then messages are commands,
 * `adaptiveCard/action` invokes card clicks, installation events keep the stored
 * conversations current.
 */
export function teamsTurnHandler(
  deps: TeamsHandlerDeps,
  allowedTenants: readonly string[],
  refusals: ForeignRefusalAudit,
): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const { activity } = context;
    const logger = deps.logger.child({
      activityType: activity.type,
      conversation: activity.conversation?.id,
    });
    const isInvoke = activity.type === 'invoke';
    if (activity.channelId !== 'msteams') {
      logger.warn({ channelId: activity.channelId }, 'activity from a channel other than Teams ignored');
      if (isInvoke) await respond(context, errorResponse(400, 'Only Microsoft Teams is served here.'));
      return;
    }
    const tenants = tenantsOf(activity);
    if (tenants.length === 0 || tenants.some((tenant) => !allowedTenants.includes(tenant.toLowerCase()))) {
      logger.warn(
        { tenants, from: activity.from?.aadObjectId, allowedTenants },
        'Teams activity from a tenant not allowed refused',
      );
      if (isInvoke) await respond(context, errorResponse(403, 'This Countersign serves another tenant.'));
      const from = activity.from?.aadObjectId;
      await refusals.record({ platform: 'teams', origin: { tenants }, ...(from ? { userId: from } : {}) });
      return;
    }
    const here = conversationOf(activity);
    if (here?.kind === 'personal' && activity.type !== 'installationUpdate') {
      await deps.conversations.save(here);
    }
    if (activity.type === 'message') await onMessage(context, deps);
    else if (activity.type === 'conversationUpdate' || activity.type === 'installationUpdate') {
      await onInstallation(context, deps);
    } else if (activity.type === 'invoke') {
      const known = activity.name === CARD_ACTION_INVOKE;
      await respond(
        context,
        known
          ? await onCardAction(context, deps)
          : errorResponse(501, `Invoke ${activity.name ?? ''} is not handled.`),
      );
    }
  };
}
