import assert from 'node:assert/strict';
import type { PostedMessage } from '../fakes/fake-slack/fake-slack-types.ts';
import { clickCard, submitView, typeCommand } from '../integration/slack/slack-gestures.ts';
import { CHANNELS, PEOPLE, type SlackStack } from '../integration/slack/slack-stack.ts';
import type { BotDriver, CardCopy, SignInAgain } from './bot-driver.ts';

const PREFIX = 'countersign:';

const plainText = (text: string) => ({ type: 'plain_text', text });

/** Every piece of visible text in Block Kit JSON, in order, unescaped for reading. */
function visibleText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const value = node as Record<string, unknown>;
      if ((value.type === 'mrkdwn' || value.type === 'plain_text') && typeof value.text === 'string')
        out.push(value.text);
      for (const [key, child] of Object.entries(value))
        if (key !== 'text' || typeof child !== 'string') walk(child);
    }
  };
  walk(blocks);
  return out
    .join('\n')
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function actionsOf(message: PostedMessage): string[] {
  const found: string[] = [];
  for (const block of message.blocks as { type?: string; elements?: { action_id?: string }[] }[]) {
    if (block.type !== 'actions') continue;
    for (const e of block.elements ?? [])
      if (e.action_id?.startsWith(PREFIX)) found.push(e.action_id.slice(PREFIX.length));
  }
  return found;
}

const REQUEST_ID = /cs-[a-z2-7]{10}/;
const STEP_UP_LINK = /https?:\/\/[^\s<>|"]+\/stepup\/start\/[^\s<>|"]+/;

/** What the Slack driver needs beyond the stack: how a person signs in again, where a story needs step-up. */
export interface SlackDriverOptions {
  readonly signIn?: SignInAgain;
}

/**
 * The {@link BotDriver} for Slack: people are the test workspace's users, channels
 * its channels; commands and clicks are signed HTTP requests into the real Bolt app,
 * and what people see is read back from the fake Slack Web API.
 */
export function slackDriver(stack: SlackStack, options: SlackDriverOptions = {}): BotDriver {
  const { fake } = stack;
  const seen = new Set<string>();
  const userId = (person: string): string => {
    const found = PEOPLE[person as keyof typeof PEOPLE];
    assert.ok(found, `no Slack user for ${person}`);
    return found.id;
  };
  const channelId = (name: string): string => {
    const found = Object.values(CHANNELS).find((c) => `#${c.name}` === name || c.id === name);
    assert.ok(found, `no Slack channel ${name}`);
    return found.id;
  };
  const channelName = (id: string): string => {
    const found = Object.values(CHANNELS).find((c) => c.id === id);
    return found ? `#${found.name}` : id;
  };
  const copy = (message: PostedMessage): CardCopy => ({
    requestId:
      REQUEST_ID.exec(message.text)?.[0] ?? REQUEST_ID.exec(JSON.stringify(message.blocks))?.[0] ?? '',
    where: channelName(message.channel),
    text: `${message.text}\n${visibleText(message.blocks)}`,
    actions: actionsOf(message),
  });
  const cards = async (requestId: string): Promise<PostedMessage[]> => {
    const refs = await stack.workflow.store.listMessages(requestId);
    const ids = refs.filter((r) => r.role === 'approval-card' || r.role === 'incident-card');
    return ids.flatMap((r) => fake.messages.filter((m) => m.channel === r.channel && m.ts === r.messageId));
  };
  const clickOnCard = async (person: string, requestId: string, action: string) => {
    const [card] = await cards(requestId);
    assert.ok(card, `no card of ${requestId} to click`);
    return clickCard(stack, userId(person), `${PREFIX}${action}`, card, requestId);
  };
  /** A button carried out at the click (Approve, Revoke now, Acknowledge): the private reply to the clicker. */
  const clickAtOnce = async (person: string, requestId: string, action: string) => {
    const gesture = await clickOnCard(person, requestId, action);
    assert.ok(gesture.elapsedMs < 3000, `acknowledged in ${gesture.elapsedMs} ms`);
    return visibleText((await gesture.reply()).body.blocks);
  };
  /**
   * A button that asks in a modal first (Deny, Extend): the click, the modal Slack opens
   * for it, its submission with `values`, and the reply, which comes by DM (a modal has
   * no response_url): the first message in the person's DM after the submission.
   */
  const clickAndSubmit = async (
    person: string,
    requestId: string,
    action: string,
    values: Record<string, Record<string, Record<string, unknown>>>,
  ) => {
    const callbackId = `${PREFIX}${action}`;
    const opened = fake.views.length;
    await clickOnCard(person, requestId, action);
    await fake.waitFor((f) =>
      f.views
        .slice(opened)
        .find((v) => v.view.callback_id === callbackId && v.view.private_metadata === requestId),
    );
    const dm = `D${userId(person).replace(/^U/, '')}`;
    const before = fake.messagesIn(dm).length;
    await submitView(stack, userId(person), callbackId, values, requestId);
    const told = await fake.waitFor((f) => f.messagesIn(dm)[before], 20_000);
    return `${told.text}\n${visibleText(told.blocks)}`;
  };

  return {
    surface: 'slack',
    cardsInChannels: true,
    async request(person, text) {
      const gesture = await typeCommand(stack, userId(person), text);
      assert.equal(gesture.response.status, 200);
      assert.ok(gesture.elapsedMs < 3000, `acknowledged in ${gesture.elapsedMs} ms`);
      const reply = visibleText((await gesture.reply()).body.blocks);
      const requestId = REQUEST_ID.exec(reply)?.[0];
      assert.ok(requestId, `no request ID in the reply: ${reply}`);
      return { requestId, reply };
    },
    approve: (person, requestId) => clickAtOnce(person, requestId, 'approve'),
    deny: (person, requestId, reason) =>
      clickAndSubmit(person, requestId, 'deny', {
        reason: { reason: { type: 'plain_text_input', value: reason } },
      }),
    extend: (person, requestId, duration) =>
      clickAndSubmit(person, requestId, 'extend', {
        duration: {
          duration: {
            type: 'static_select',
            selected_option: { text: plainText(duration), value: duration },
          },
        },
      }),
    revoke: (person, requestId) => clickAtOnce(person, requestId, 'revoke'),
    acknowledge: (person, requestId) => clickAtOnce(person, requestId, 'acknowledge'),
    async breakGlass(person, text) {
      assert.ok(options.signIn, 'this Slack driver was given no way to sign in again');
      const gesture = await typeCommand(stack, userId(person), text);
      assert.equal(gesture.response.status, 200);
      const reply = (await gesture.reply()).body;
      const link = STEP_UP_LINK.exec(JSON.stringify(reply))?.[0];
      assert.ok(link, `no sign-in link in the reply: ${visibleText(reply.blocks)}`);
      const page = await options.signIn(person, link);
      const requestId = REQUEST_ID.exec(page)?.[0];
      assert.ok(requestId, `no request ID on the page after the sign-in: ${page}`);
      return { requestId, reply: page };
    },
    async nextCard(channel, timeoutMs = 30_000) {
      const id = channelId(channel);
      const message = await fake.waitFor(
        (f) =>
          f
            .messagesIn(id)
            .find(
              (m) => m.threadTs === undefined && !seen.has(`${m.channel}/${m.ts}`) && REQUEST_ID.test(m.text),
            ),
        timeoutMs,
      );
      seen.add(`${message.channel}/${message.ts}`);
      return copy(message);
    },
    async cardCopies(requestId) {
      return (await cards(requestId)).map(copy);
    },
    async threadLines(requestId, channel) {
      const id = channelId(channel);
      const card = (await cards(requestId)).find((m) => m.channel === id);
      return card ? fake.messagesIn(id, card.ts).map((m) => visibleText(m.blocks) || m.text) : [];
    },
    directMessages(person, requestId) {
      const dm = `D${userId(person).replace(/^U/, '')}`;
      return Promise.resolve(
        fake
          .messagesIn(dm)
          .filter((m) => m.text.includes(requestId))
          .map((m) => `${m.text}\n${visibleText(m.blocks)}`),
      );
    },
  };
}
