import { spellCommands, TEAMS_SPELLING, typedCommand } from '../../../core/conversation/command-spelling.ts';

/** Any core text (a refusal, an example, help) with every command it mentions spelled as typed to the bot. */
export function teamsSpelled(text: string): string {
  return spellCommands(text, TEAMS_SPELLING);
}

/** One command text (`status cs-…`) as typed to the bot. */
export function teamsCommand(commandText: string): string {
  return typedCommand(commandText, TEAMS_SPELLING);
}
