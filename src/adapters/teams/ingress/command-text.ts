import { TurnContext, type Activity } from 'botbuilder';
import { COMMAND_PREFIX } from '../../../core/requests/examples.ts';

const WORDS = [COMMAND_PREFIX, COMMAND_PREFIX.replace(/^\//, '')];
const ENTITIES: Record<string, string> = { quot: '"', '#39': "'", apos: "'", lt: '<', gt: '>', amp: '&' };

/**
 * The command text of a Teams message: the bot's @mention removed, the HTML leftovers and
 * smart quotes Teams adds undone, and a leading `k8s-request` (or `/k8s-request`)
 * dropped.
 */
export function commandTextOf(activity: Activity): string {
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  const plain = text
    .replace(/<at>([^<]*)<\/at>/g, '$1')
    .replace(/&(nbsp|quot|#39|apos|lt|gt|amp);|\u00a0/g, (_, name?: string) => ENTITIES[name ?? ''] ?? ' ')
    .replace(/[\u201c\u201d\u201e\u201f]/g, '"')
    .replace(/[\u2018\u2019\u201a\u201b]/g, "'")
    .trim();
  const lower = plain.toLowerCase();
  const word = WORDS.find((w) => lower === w || lower.startsWith(`${w} `) || lower.startsWith(`${w}\n`));
  return word === undefined ? plain : plain.slice(word.length).trim();
}
