import assert from 'node:assert/strict';
import type { PostedMessage } from '../fakes/fake-slack/fake-slack-types.ts';
import { clickCard, submitView, typeCommand } from '../integration/slack/slack-gestures.ts';
import { CHANNELS, PEOPLE, type SlackStack } from '../integration/slack/slack-stack.ts';
import type { BotDriver, CardCopy } from './bot-driver.ts';

const PREFIX = 'countersign:';

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
  return out.join('\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
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

/**
 * The {@link BotDriver} for Slack: people are the test workspace's users, channels
 * its channels; commands and clicks are signed HTTP requests into the real Bolt app,
 * and what people see is read back from the fake Slack Web API.
 */
export function slackDriver(stack: SlackStack): BotDriver {
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
    async approve(person, requestId) {
      const gesture = await clickOnCard(person, requestId, 'approve');
      assert.ok(gesture.elapsedMs < 3000, `acknowledged in ${gesture.elapsedMs} ms`);
      return visibleText((await gesture.reply()).body.blocks);
    },
    async deny(person, requestId, reason) {
      await clickOnCard(person, requestId, 'deny');
      await fake.waitFor((f) =>
        f.views.find((v) => v.view.callback_id === `${PREFIX}deny` && v.view.private_metadata === requestId),
      );
      await submitView(
        stack,
        userId(person),
        `${PREFIX}deny`,
        {
          reason: { reason: { type: 'plain_text_input', value: reason } },
        },
        requestId,
      );
      const dm = `D${userId(person).replace(/^U/, '')}`;
      const told = await fake.nextMessage((m) => m.channel === dm && m.text.includes(requestId), 20_000);
      return `${told.text}\n${visibleText(told.blocks)}`;
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
