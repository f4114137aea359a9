import { TurnContext, type Activity } from 'botbuilder';
import { withoutCommandPrefix } from '../../../core/conversation/command-text.ts';

const ENTITIES: Record<string, string> = { quot: '"', '#39': "'", apos: "'", lt: '<', gt: '>', amp: '&' };

/**
 * The command text of a Teams message: the bot's @mention removed, the HTML leftovers and
 * smart quotes Teams adds undone, and the command's name dropped
 * ({@link withoutCommandPrefix}).
 */
export function commandTextOf(activity: Activity): string {
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  return withoutCommandPrefix(
    text
      .replace(/<at>([^<]*)<\/at>/g, '$1')
      .replace(/&(nbsp|quot|#39|apos|lt|gt|amp);|\u00a0/g, (_, name?: string) => ENTITIES[name ?? ''] ?? ' ')
      .replace(/[\u201c\u201d\u201e\u201f]/g, '"')
      .replace(/[\u2018\u2019\u201a\u201b]/g, "'"),
  );
}
