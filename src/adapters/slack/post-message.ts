import type { SlackMessage } from './render/block-kit.ts';
import { slackErrorCode } from './slack-error-code.ts';
import type { SlackClient } from './slack-web-client.ts';

/**
 * Refusals that name a channel Countersign cannot post in or a message that is gone
 * (archived, deleted, the bot not invited): retrying cannot help, so a notification
 * logs them and carries on with the other copies.
 */
const UNREACHABLE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'message_not_found',
  'cant_update_message',
  'restricted_action',
  'user_not_found',
  'cannot_dm_bot',
]);

/** True for a Slack refusal a retry cannot change (see {@link UNREACHABLE}). */
export function isUnreachable(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code !== undefined && UNREACHABLE.has(code);
}

/** Posts a message (in a thread when `threadTs` is given) without link previews; resolves to its `ts`. */
export async function postMessage(
  client: SlackClient,
  channel: string,
  message: SlackMessage,
  threadTs?: string,
): Promise<string> {
  const answer = await client.chat.postMessage({
    channel,
    text: message.text,
    blocks: [...message.blocks],
    unfurl_links: false,
    unfurl_media: false,
    ...(threadTs ? { thread_ts: threadTs } : {}),
  });
  if (!answer.ts) throw new Error(`chat.postMessage to ${channel} answered without a ts`);
  return answer.ts;
}

/** Replaces a posted message in place. */
export async function updateMessage(
  client: SlackClient,
  channel: string,
  ts: string,
  message: SlackMessage,
): Promise<void> {
  await client.chat.update({ channel, ts, text: message.text, blocks: [...message.blocks] });
}
