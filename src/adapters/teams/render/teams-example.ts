import { COMMAND_PREFIX } from '../../../core/requests/examples.ts';

/** The command word as typed to the bot in Teams: no slash. */
export const TEAMS_COMMAND = COMMAND_PREFIX.replace(/^\//, '');

/** An example as a Teams user would type it: the core's `/k8s-request …` without the slash. */
export function teamsExample(example: string): string {
  return example.startsWith(COMMAND_PREFIX)
    ? `${TEAMS_COMMAND}${example.slice(COMMAND_PREFIX.length)}`
    : example;
}
