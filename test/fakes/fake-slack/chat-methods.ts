import type { PostedMessage } from './fake-slack-types.ts';
import { SlackMethodError, type FakeWorkspace, type Params } from './fake-workspace.ts';
import type { MethodHandler } from './method-handler.ts';
import { SLACK_DOCUMENTED_LIMITS } from './slack-documented-limits.ts';
import { validateBlocks } from './validate-blocks.ts';

interface Content {
  readonly text: string;
  readonly blocks: unknown[] | undefined;
}

/** Text and blocks of a message, refused as Slack refuses them (`no_text`, `msg_too_long`, `invalid_blocks`). */
function content(params: Params): Content {
  const text = typeof params.text === 'string' ? params.text : '';
  const blocks = params.blocks;
  if (blocks === undefined && text === '' && params.attachments === undefined)
    throw new SlackMethodError('no_text');
  if (text.length > SLACK_DOCUMENTED_LIMITS.messageText) throw new SlackMethodError('msg_too_long');
  if (blocks !== undefined) {
    const problems = validateBlocks(blocks, 'message');
    if (problems.length > 0) throw new SlackMethodError('invalid_blocks', problems);
  }
  return { text, blocks: Array.isArray(blocks) ? blocks : undefined };
}

function findMessage(workspace: FakeWorkspace, channel: string, ts: unknown): PostedMessage {
  const message = workspace.messages.find((m) => m.channel === channel && m.ts === ts);
  if (!message) throw new SlackMethodError('message_not_found');
  return message;
}

function messageJson(workspace: FakeWorkspace, m: PostedMessage): Record<string, unknown> {
  return {
    type: 'message',
    user: workspace.botUserId,
    bot_id: workspace.botId,
    text: m.text,
    blocks: m.blocks,
    ts: m.ts,
    ...(m.threadTs !== undefined && { thread_ts: m.threadTs }),
  };
}

const threadOf = (params: Params): string | undefined =>
  typeof params.thread_ts === 'string' && params.thread_ts !== '' ? params.thread_ts : undefined;

/** chat.* methods: post, update, delete, ephemeral, permalink. */
export const chatMethods: Readonly<Record<string, MethodHandler>> = {
  'chat.postMessage': (workspace, params) => {
    const channel = workspace.resolveChannel(params.channel, { byName: true });
    if (!channel.isIm && !channel.botIsMember) throw new SlackMethodError('not_in_channel');
    const { text, blocks } = content(params);
    const threadTs = threadOf(params);
    // Stricter than Slack, which may post such a reply at the top level: a wrong thread is a bug worth failing on.
    if (
      threadTs !== undefined &&
      !workspace.messages.some((m) => m.channel === channel.id && m.ts === threadTs)
    ) {
      throw new SlackMethodError('thread_not_found');
    }
    const message: PostedMessage = {
      channel: channel.id,
      ts: workspace.nextTs(),
      ...(threadTs !== undefined && { threadTs }),
      text,
      blocks: blocks ?? [],
      postedAt: workspace.now(),
      history: [],
    };
    workspace.messages.push(message);
    return { channel: channel.id, ts: message.ts, message: messageJson(workspace, message) };
  },

  'chat.update': (workspace, params) => {
    const channel = workspace.resolveChannel(params.channel, { byName: false });
    const message = findMessage(workspace, channel.id, params.ts);
    const { text, blocks } = content(params);
    message.history.push({ text: message.text, blocks: message.blocks, at: workspace.now() });
    message.text = text;
    if (blocks !== undefined) message.blocks = blocks;
    return { channel: channel.id, ts: message.ts, text, message: messageJson(workspace, message) };
  },

  'chat.delete': (workspace, params) => {
    const channel = workspace.resolveChannel(params.channel, { byName: false });
    const message = findMessage(workspace, channel.id, params.ts);
    workspace.messages.splice(workspace.messages.indexOf(message), 1);
    return { channel: channel.id, ts: message.ts };
  },

  'chat.postEphemeral': (workspace, params) => {
    const channel = workspace.resolveChannel(params.channel, { byName: true });
    const user = workspace.user(params.user);
    if (!workspace.isMember(channel, user.id)) throw new SlackMethodError('user_not_in_channel');
    if (!channel.isIm && !channel.botIsMember) throw new SlackMethodError('not_in_channel');
    const { text, blocks } = content(params);
    const threadTs = threadOf(params);
    const messageTs = workspace.nextTs();
    workspace.ephemerals.push({
      channel: channel.id,
      user: user.id,
      messageTs,
      ...(threadTs !== undefined && { threadTs }),
      text,
      blocks: blocks ?? [],
    });
    return { message_ts: messageTs };
  },

  'chat.getPermalink': (workspace, params) => {
    const channel = workspace.resolveChannel(params.channel, { byName: false });
    const message = findMessage(workspace, channel.id, params.message_ts);
    return {
      channel: channel.id,
      permalink: `https://fake.slack.test/archives/${channel.id}/p${message.ts.replace('.', '')}`,
    };
  },
};
