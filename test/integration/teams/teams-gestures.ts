import assert from 'node:assert/strict';
import { cardOf, clickFrom, messageFrom, type Place } from '../../fakes/fake-teams/teams-activities.ts';
import type { FakeTeamsUser, PostedActivity } from '../../fakes/fake-teams/fake-teams-types.ts';
import { eventually } from '../../scenarios/bot-driver.ts';
import { TEAM, type TeamsStack } from './teams-stack.ts';

const REQUEST_ID = /cs-[a-z2-7]{10}/;

/** Every piece of visible text in an Adaptive Card (TextBlocks, facts, labels, button titles), in order. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const value = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'label'] as const) {
      if (typeof value[key] === 'string') out.push(value[key]);
    }
    const isFact = value.type === undefined && typeof value.title === 'string';
    if (isFact && typeof value.value === 'string') out.push(value.value);
    Object.values(value).forEach((child) => {
      if (typeof child === 'object') walk(child);
    });
  };
  walk(card);
  return out.join('\n');
}

/** The bot's reply to the activity `activityId` in `conversation`, once it is there. */
export function replyTo(
  stack: TeamsStack,
  conversation: string,
  activityId: unknown,
): Promise<PostedActivity> {
  return stack.fake.connector.waitFor((c) =>
    c.messagesIn(conversation).find((m) => m.replyToId === activityId),
  );
}

/** `person` types `text` in their personal chat; resolves with the bot's reply card's text. */
export async function typeInChat(
  stack: TeamsStack,
  person: FakeTeamsUser,
  chat: string,
  text: string,
): Promise<string> {
  const message = messageFrom(stack.fake, person, text, { personal: chat });
  const answer = await stack.fake.deliver(message);
  assert.equal(answer.status, 200);
  return cardText(cardOf(await replyTo(stack, chat, message.id)));
}

/** The request ID in a reply. */
export function requestIdIn(text: string): string {
  const id = REQUEST_ID.exec(text)?.[0];
  assert.ok(id, `no request ID in: ${text}`);
  return id;
}

/** What a click answered the clicker: the message, or the text of the card that replaced theirs. */
export interface ClickAnswer {
  readonly kind: 'message' | 'card' | 'error';
  readonly text: string;
  readonly card?: unknown;
}

/** `person` clicks `verb` on `message` (a card the bot posted), with `inputs`, where the card is. */
export async function click(
  stack: TeamsStack,
  person: FakeTeamsUser,
  message: PostedActivity,
  verb: string,
  inputs: Record<string, string> = {},
): Promise<ClickAnswer> {
  const place: Place = message.conversationId.startsWith('19:')
    ? {
        team: TEAM,
        channelId: message.conversationId,
        threadRoot: message.threadRoot ?? message.id,
      }
    : { personal: message.conversationId };
  const answer = await stack.fake.deliver(clickFrom(stack.fake, person, message, verb, inputs, place));
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const body = answer.body as { statusCode: number; type: string; value: unknown };
  if (body.type === 'application/vnd.microsoft.activity.message')
    return { kind: 'message', text: String(body.value) };
  if (body.type === 'application/vnd.microsoft.card.adaptive') {
    return { kind: 'card', text: cardText(body.value), card: body.value };
  }
  return { kind: 'error', text: JSON.stringify(body.value) };
}

/** Re-checks a synchronous condition on what the fakes recorded until it holds (see `eventually`). */
export function soon<T>(what: string, check: () => T | undefined | false, timeoutMs?: number): Promise<T> {
  return eventually(what, () => Promise.resolve(check()), timeoutMs);
}
