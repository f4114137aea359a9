import type { Activity, TeamsChannelData } from 'botbuilder';
import type { StoredConversation } from '../chat/conversation-store.ts';

/** The Teams-specific part of an activity (team, channel, tenant, event type), or an empty one. */
export function teamsDataOf(activity: Activity): TeamsChannelData {
  const data: unknown = activity.channelData;
  return typeof data === 'object' && data !== null ? data : {};
}

/** Every tenant ID the activity names (its conversation's and its channel data's), as given. */
export function tenantsOf(activity: Activity): string[] {
  const named = [activity.conversation?.tenantId, teamsDataOf(activity).tenant?.id];
  return [...new Set(named.filter((id): id is string => typeof id === 'string' && id !== ''))];
}

/**
 * The conversation an activity happened in, as stored: a channel (by channel ID, not a
 * reply thread's), a group chat, or a personal chat with the sender; undefined when it
 * lacks what a proactive message needs.
 */
export function conversationOf(activity: Activity): StoredConversation | undefined {
  const { serviceUrl, recipient, conversation, from } = activity;
  if (!serviceUrl || !recipient?.id || !conversation?.id) return undefined;
  const data = teamsDataOf(activity);
  const tenantId = tenantsOf(activity)[0];
  const base = {
    serviceUrl,
    bot: { id: recipient.id, ...(recipient.name ? { name: recipient.name } : {}) },
    ...(tenantId ? { tenantId } : {}),
  };
  const type = conversation.conversationType;
  if (type === 'personal') {
    if (!from?.id || !from.aadObjectId) return undefined;
    return {
      ...base,
      conversationId: conversation.id,
      kind: 'personal',
      user: { id: from.id, aadObjectId: from.aadObjectId },
    };
  }
  if (type === 'groupChat') return { ...base, conversationId: conversation.id, kind: 'groupChat' };
  const channelId = data.channel?.id ?? conversation.id.replace(/;messageid=.*$/, '');
  const name = data.channel?.name ?? undefined;
  return {
    ...base,
    conversationId: channelId,
    kind: 'channel',
    ...(data.team?.id ? { teamId: data.team.id } : {}),
    ...(name ? { name } : {}),
  };
}
