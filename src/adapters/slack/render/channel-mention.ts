import { escapeSlackText } from './escape-mrkdwn.ts';

const CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;

/** A configured channel for mrkdwn: an ID as a channel link `<#C…>`, a name as escaped `#name`. */
export function channelMention(channel: string): string {
  if (CHANNEL_ID.test(channel)) return `<#${channel}>`;
  return `#${escapeSlackText(channel.replace(/^#/, ''), { maxLines: 1, maxLength: 100 })}`;
}
