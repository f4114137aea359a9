import { randomUUID } from 'node:crypto';
import type { FakeTeams } from './fake-teams.ts';
import type { FakeTeam, FakeTeamsUser, PostedActivity } from './fake-teams-types.ts';

/** Where a person is talking to the bot: their personal chat, or a channel (optionally in a post's thread). */
export type Place =
  | { readonly personal: string }
  | { readonly team: FakeTeam; readonly channelId: string; readonly threadRoot?: string };

function base(fake: FakeTeams, from: FakeTeamsUser | undefined, place: Place): Record<string, unknown> {
  const conversation =
    'personal' in place
      ? { id: place.personal, conversationType: 'personal', tenantId: fake.tenantId }
      : {
          id: place.threadRoot ? `${place.channelId};messageid=${place.threadRoot}` : place.channelId,
          conversationType: 'channel',
          isGroup: true,
          tenantId: fake.tenantId,
        };
  const channel = 'personal' in place ? undefined : place.team.channels.find((c) => c.id === place.channelId);
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: fake.connector.serviceUrl,
    from: from ? { id: from.teamsId, name: from.name, aadObjectId: from.aadObjectId } : { id: fake.bot.id },
    recipient: fake.bot,
    conversation,
    channelData: {
      tenant: { id: fake.tenantId },
      ...('personal' in place
        ? {}
        : {
            team: { id: place.team.id, name: place.team.name },
            channel: {
              id: place.channelId,
              ...(channel && channel.id !== place.team.id ? { name: channel.name } : {}),
            },
          }),
    },
  };
}

/** Installing the app in a team: the conversationUpdate Teams sends from the General channel. */
export function teamInstall(fake: FakeTeams, team: FakeTeam, by: FakeTeamsUser): Record<string, unknown> {
  return {
    ...base(fake, by, { team, channelId: team.id }),
    type: 'conversationUpdate',
    membersAdded: [{ id: fake.bot.id }],
    channelData: {
      tenant: { id: fake.tenantId },
      team: { id: team.id, name: team.name },
      eventType: 'teamMemberAdded',
    },
  };
}

/** Installing the app for a person: the installationUpdate of their personal chat. */
export function personalInstall(
  fake: FakeTeams,
  user: FakeTeamsUser,
  chatId: string,
): Record<string, unknown> {
  return { ...base(fake, user, { personal: chatId }), type: 'installationUpdate', action: 'add' };
}

/** A message from `user`; in a channel the bot is @mentioned first, as Teams writes it. */
export function messageFrom(
  fake: FakeTeams,
  user: FakeTeamsUser,
  text: string,
  place: Place,
): Record<string, unknown> {
  if ('personal' in place) return { ...base(fake, user, place), type: 'message', text, textFormat: 'plain' };
  const mention = `<at>${fake.bot.name}</at>`;
  return {
    ...base(fake, user, place),
    type: 'message',
    text: `${mention} ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: mention, mentioned: { id: fake.bot.id, name: fake.bot.name } }],
  };
}

interface CardNode {
  type?: string;
  id?: string;
  verb?: string;
  data?: Record<string, unknown>;
  body?: CardNode[];
  items?: CardNode[];
  actions?: CardNode[];
  card?: CardNode;
}

/** Every Action.Execute of a card (nested show-cards included) and the input IDs it can see. */
export function executeActions(
  card: unknown,
): { verb: string; data: Record<string, unknown>; inputs: string[] }[] {
  const found: { verb: string; data: Record<string, unknown>; inputs: string[] }[] = [];
  const walk = (node: CardNode, visible: string[]): void => {
    const inputs = [...visible, ...inputIds(node.body ?? [])];
    for (const action of node.actions ?? []) {
      if (action.type === 'Action.Execute' && action.verb)
        found.push({ verb: action.verb, data: action.data ?? {}, inputs });
      if (action.type === 'Action.ShowCard' && action.card) walk(action.card, inputs);
    }
  };
  walk(card as CardNode, []);
  return found;
}

function inputIds(elements: CardNode[]): string[] {
  return elements.flatMap((e) => [
    ...(e.type?.startsWith('Input.') && e.id ? [e.id] : []),
    ...inputIds(e.items ?? []),
  ]);
}

/** The Adaptive Card of a posted message. */
export function cardOf(message: Pick<PostedActivity, 'activity'>): unknown {
  const attachments = message.activity.attachments as { content?: unknown }[] | undefined;
  return attachments?.[0]?.content;
}

/**
 * `user` clicks the Action.Execute with `verb` on `message`'s card, filling `inputs`:
 * the invoke Teams sends, with the action's own `data` merged with the inputs. Throws
 * if the card has no such button, or the inputs are not on the card.
 */
export function clickFrom(
  fake: FakeTeams,
  user: FakeTeamsUser,
  message: PostedActivity,
  verb: string,
  inputs: Record<string, string>,
  place: Place,
): Record<string, unknown> {
  const action = executeActions(cardOf(message)).find((a) => a.verb === verb);
  if (!action) throw new Error(`the card has no ${verb} button`);
  for (const key of Object.keys(inputs)) {
    if (!action.inputs.includes(key)) throw new Error(`the ${verb} button cannot see an input ${key}`);
  }
  return {
    ...base(fake, user, place),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: message.id,
    value: {
      action: { type: 'Action.Execute', verb, data: { ...action.data, ...inputs } },
      trigger: 'manual',
    },
  };
}
