import { COMMAND_PREFIX } from '../requests/examples.ts';

/**
 * How the reader of one surface types a command: `/k8s-request status cs-…` in
 * Slack, `k8s-request status cs-…` to the Teams bot, `status cs-…` in the console's
 * command box. The core writes every command it mentions (examples, refusals, help)
 * in one canonical spelling — {@link COMMAND_PREFIX} then the command text — and each
 * surface's renderer passes its spelling to {@link spellCommands}.
 */
export interface CommandSpelling {
  /** The words before the command text on this surface; empty when none is typed. */
  readonly prefix: string;
}

/** Slack: the slash command. */
export const SLACK_SPELLING: CommandSpelling = { prefix: COMMAND_PREFIX };

/** Teams: the command word, typed to the bot without a slash. */
export const TEAMS_SPELLING: CommandSpelling = { prefix: COMMAND_PREFIX.replace(/^\//, '') };

/** The web console: the command text alone, typed into the Request page's command box. */
export const CONSOLE_SPELLING: CommandSpelling = { prefix: '' };

const ESCAPED_PREFIX = COMMAND_PREFIX.replace(/[/\\^$.*+?()[\]{}|-]/g, '\\$&');
/** The canonical prefix as a word of its own: after a start, space, quote or colon; before a space, quote, punctuation or the end. */
const CANONICAL = new RegExp('(^|[\\s`\'"(:])' + ESCAPED_PREFIX + '(?=[\\s`\'".,;)]|$)(\\s?)', 'g');

/**
 * Rewrites every command the core mentions in `text` from its canonical spelling to
 * the reader's: `/k8s-request cancel cs-…` becomes `k8s-request cancel cs-…` for Teams
 * and `cancel cs-…` for the console; Slack's spelling is the canonical one.
 */
export function spellCommands(text: string, spelling: CommandSpelling): string {
  if (spelling.prefix === COMMAND_PREFIX) return text;
  return text.replace(CANONICAL, (_match, before: string, space: string) =>
    spelling.prefix === '' ? before : `${before}${spelling.prefix}${space}`,
  );
}

/** One command text (`status cs-…`, no prefix) as the reader of `spelling` types it. */
export function typedCommand(commandText: string, spelling: CommandSpelling): string {
  return spelling.prefix === '' ? commandText : `${spelling.prefix} ${commandText}`;
}
