import { TurnContext, type Activity } from 'botbuilder';
import { COMMAND_PREFIX } from '../../../core/requests/examples.ts';

const WORDS = [COMMAND_PREFIX, COMMAND_PREFIX.replace(/^\//, '')];

/**
 * The command text of a Teams message: the bot's @mention removed (in a channel),
 * HTML-ish leftovers Teams adds (`&nbsp;`, entities, smart quotes a client typed for
 * straight ones) undone, and a leading `k8s-request` (or `/k8s-request`) dropped, so
 * what remains is exactly what follows the command in Slack.
 */
export function commandTextOf(activity: Activity): string {
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  const plain = text
    .replace(/<at>([^<]*)<\/at>/g, '$1')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[\u201c\u201d\u201e\u201f]/g, '"')
    .replace(/[\u2018\u2019\u201a\u201b]/g, "'")
    .trim();
  const lower = plain.toLowerCase();
  const word = WORDS.find((w) => lower === w || lower.startsWith(`${w} `) || lower.startsWith(`${w}\n`));
  return word === undefined ? plain : plain.slice(word.length).trim();
}
