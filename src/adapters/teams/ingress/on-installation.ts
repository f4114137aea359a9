import { TeamsInfo, type TurnContext } from 'botbuilder';
import { conversationOf, teamsDataOf } from './activity-conversation.ts';
import type { StoredConversation } from '../chat/conversation-store.ts';
import type { TeamsHandlerDeps } from './handler-deps.ts';

/**
 * Keeps the stored conversations in step with where the app is installed: installing
 * stores the conversation (in a team, every channel on the roster), a channel created,
 * renamed or restored is stored, a deleted one or an uninstalled team or chat forgotten.
 */
export async function onInstallation(context: TurnContext, deps: TeamsHandlerDeps): Promise<void> {
  const { activity } = context;
  const data = teamsDataOf(activity);
  const here = conversationOf(activity);
  const botId = activity.recipient?.id;
  const added =
    (activity.type === 'installationUpdate' && /^add/.test(String(activity.action ?? ''))) ||
    (activity.membersAdded ?? []).some((m) => m.id === botId);
  const removed =
    (activity.type === 'installationUpdate' && /^remove/.test(String(activity.action ?? ''))) ||
    (activity.membersRemoved ?? []).some((m) => m.id === botId) ||
    data.eventType === 'teamDeleted';
  const logger = deps.logger.child({ conversation: here?.conversationId, team: data.team?.id });

  if (removed) {
    if (data.team?.id) await deps.conversations.removeTeam(data.team.id);
    else if (here) await deps.conversations.remove(here.conversationId);
    logger.info('Countersign was removed; conversation forgotten');
    return;
  }
  if (data.eventType === 'channelDeleted' && data.channel?.id) {
    await deps.conversations.remove(data.channel.id);
    return;
  }
  if (!here) return;
  if (added || ['channelCreated', 'channelRenamed', 'channelRestored'].includes(data.eventType ?? '')) {
    await deps.conversations.save(here);
    logger.info({ kind: here.kind }, 'Teams conversation stored');
  }
  if (added && here.kind === 'channel' && here.teamId) {
    await storeTeamChannels(context, deps, { ...here, teamId: here.teamId });
  }
}

async function storeTeamChannels(
  context: TurnContext,
  deps: TeamsHandlerDeps,
  seen: StoredConversation & { teamId: string },
): Promise<void> {
  try {
    for (const channel of await TeamsInfo.getTeamChannels(context, seen.teamId)) {
      const name = channel.name ?? (channel.id === seen.teamId ? 'General' : undefined);
      if (channel.id) await deps.conversations.save({ ...seen, conversationId: channel.id, name });
    }
  } catch (error) {
    deps.logger.warn(
      { err: error, team: seen.teamId },
      'cannot list the team’s channels; only this one is stored',
    );
  }
}
