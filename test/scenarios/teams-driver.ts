import assert from 'node:assert/strict';
import { CARD_VERBS } from '../../src/adapters/teams/render/card-verbs.ts';
import type { PostedActivity } from '../fakes/fake-teams/fake-teams-types.ts';
import { formatCardTime } from '../../src/core/cards/format-time.ts';
import {
  cardOf,
  executeActions,
  messageFrom,
  personalInstall,
  teamInstall,
} from '../fakes/fake-teams/teams-activities.ts';
import { cardText, click, replyTo, typeInChat } from '../integration/teams/teams-gestures.ts';
import { TEAM, TEAMS_CHANNELS, TEAMS_PEOPLE, type TeamsStack } from '../integration/teams/teams-stack.ts';
import type { BotDriver, CardCopy, SignInAgain } from './bot-driver.ts';

const REQUEST_ID = /cs-[a-z2-7]{10}/;
const VERB_PREFIX = 'countersign.';
const LOCAL_TIME = /\{\{DATE\(([^,)]+), SHORT\)\}\} \{\{TIME\(\1\)\}\}/g;

/** A card's text with each `{{DATE()}} {{TIME()}}` pair read as Teams shows it to a reader in UTC. */
function readTimes(text: string): string {
  return text.replace(LOCAL_TIME, (_all, iso: string) => formatCardTime(Date.parse(iso)));
}

/** What the Teams driver needs beyond the stack: how a person signs in again, where a story needs step-up. */
export interface TeamsDriverOptions {
  readonly signIn?: SignInAgain;
}

/**
 * The {@link BotDriver} for Microsoft Teams: people are the test tenant's users,
 * channels the test team's channels (by name); the app is installed in the team and
 * in everyone's personal chat first, as an admin and the people would. Commands and
 * clicks are activities signed as the Bot Framework signs them, posted to the real
 * CloudAdapter's `/api/messages`; what people see is read back from the fake Bot
 * Connector (the latest version of every message).
 */
export async function teamsDriver(stack: TeamsStack, options: TeamsDriverOptions = {}): Promise<BotDriver> {
  const { fake } = stack;
  const person = (name: string) => {
    const found = TEAMS_PEOPLE[name as keyof typeof TEAMS_PEOPLE];
    assert.ok(found, `no Teams user for ${name}`);
    return found;
  };
  const chats = new Map<string, string>();
  assert.equal((await fake.deliver(teamInstall(fake, TEAM, TEAMS_PEOPLE.bob))).status, 200);
  for (const [name, user] of Object.entries(TEAMS_PEOPLE)) {
    const chat = fake.connector.addPersonalChat(user);
    chats.set(name, chat);
    assert.equal((await fake.deliver(personalInstall(fake, user, chat))).status, 200);
  }
  const chatOf = (name: string): string => chats.get(name) ?? assert.fail(`no chat with ${name}`);
  const channelId = (name: string): string =>
    TEAMS_CHANNELS[name.toLowerCase()] ?? assert.fail(`no Teams channel ${name}`);
  const channelName = (id: string): string =>
    Object.entries(TEAMS_CHANNELS).find(([, channel]) => channel === id)?.[0] ?? id;
  const latest = (message: PostedActivity): PostedActivity =>
    fake.connector.posted.find((p) => p.id === message.id) ?? message;
  const copy = (message: PostedActivity): CardCopy => {
    const card = cardOf(latest(message));
    const text = readTimes(cardText(card));
    return {
      requestId: REQUEST_ID.exec(text)?.[0] ?? '',
      where: channelName(message.conversationId),
      text,
      actions: executeActions(card).map((a) => a.verb.replace(VERB_PREFIX, '')),
    };
  };
  const cards = async (requestId: string): Promise<PostedActivity[]> => {
    const refs = (await stack.workflow.store.listMessages(requestId)).filter(
      (r) => r.platform === 'teams' && (r.role === 'approval-card' || r.role === 'incident-card'),
    );
    return refs.flatMap((r) =>
      fake.connector.posted.filter(
        (p) => p.conversationId === r.channel && p.id === r.messageId && !p.deleted,
      ),
    );
  };
  const cardToClick = async (requestId: string): Promise<PostedActivity> => {
    const [card] = await cards(requestId);
    assert.ok(card, `no card of ${requestId} to click`);
    return latest(card);
  };
  const seen = new Set<string>();

  return {
    surface: 'teams',
    cardsInChannels: true,
    async request(name, text) {
      const reply = await typeInChat(stack, person(name), chatOf(name), `k8s-request ${text}`);
      const requestId = REQUEST_ID.exec(reply)?.[0];
      assert.ok(requestId, `no request ID in the reply: ${reply}`);
      return { requestId, reply };
    },
    async approve(name, requestId) {
      return (await click(stack, person(name), await cardToClick(requestId), CARD_VERBS.approve)).text;
    },
    async deny(name, requestId, reason) {
      return (await click(stack, person(name), await cardToClick(requestId), CARD_VERBS.deny, { reason }))
        .text;
    },
    async extend(name, requestId, duration) {
      const card = await cardToClick(requestId);
      return (await click(stack, person(name), card, CARD_VERBS.extend, { duration })).text;
    },
    async revoke(name, requestId) {
      return (await click(stack, person(name), await cardToClick(requestId), CARD_VERBS.revoke)).text;
    },
    async acknowledge(name, requestId) {
      return (await click(stack, person(name), await cardToClick(requestId), CARD_VERBS.acknowledge)).text;
    },
    async breakGlass(name, text) {
      assert.ok(options.signIn, 'this Teams driver was given no way to sign in again');
      const chat = chatOf(name);
      const message = messageFrom(fake, person(name), `k8s-request ${text}`, { personal: chat });
      assert.equal((await fake.deliver(message)).status, 200);
      const reply = cardOf(await replyTo(stack, chat, message.id));
      const link = /"url":"([^"]*\/stepup\/start\/[^"]+)"/.exec(JSON.stringify(reply))?.[1];
      assert.ok(link, `no sign-in link on the reply: ${cardText(reply)}`);
      const page = await options.signIn(name, link);
      const requestId = REQUEST_ID.exec(page)?.[0];
      assert.ok(requestId, `no request ID on the page after the sign-in: ${page}`);
      return { requestId, reply: page };
    },
    async nextCard(channel, timeoutMs = 30_000) {
      const id = channelId(channel);
      const message = await fake.connector.waitFor(
        (c) => c.messagesIn(id).find((m) => !seen.has(m.id) && REQUEST_ID.test(JSON.stringify(cardOf(m)))),
        timeoutMs,
      );
      seen.add(message.id);
      return copy(message);
    },
    async cardCopies(requestId) {
      return (await cards(requestId)).map(copy);
    },
    async threadLines(requestId, channel) {
      const id = channelId(channel);
      const card = (await cards(requestId)).find((m) => m.conversationId === id);
      return card ? fake.connector.messagesIn(id, card.id).map((m) => readTimes(cardText(cardOf(m)))) : [];
    },
    directMessages(name, requestId) {
      return Promise.resolve(
        fake.connector
          .messagesIn(chatOf(name))
          .map((m) => readTimes(cardText(cardOf(m))))
          .filter((text) => text.includes(requestId)),
      );
    },
  };
}
