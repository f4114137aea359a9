import { escapeSlackText } from './escape-mrkdwn.ts';

const CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;

/**
 * Writes a configured Slack channel for mrkdwn: an ID (`C0123ABCD`) becomes a
 * channel link `<#C0123ABCD>`, which Slack shows as its current name; a name
 * (`prod-approvals` or `#prod-approvals`) is shown as escaped text `#prod-approvals`.
 */
export function channelMention(channel: string): string {
  if (CHANNEL_ID.test(channel)) return `<#${channel}>`;
  return `#${escapeSlackText(channel.replace(/^#/, ''), { maxLines: 1, maxLength: 100 })}`;
}
