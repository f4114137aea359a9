import { COMMAND_PREFIX } from '../requests/examples.ts';

const PREFIXES = [COMMAND_PREFIX, COMMAND_PREFIX.replace(/^\//, '')];

/**
 * A typed line without the command's name, if the person typed it (`/k8s-request` or
 * `k8s-request`, in any case, then a space or line break), trimmed: what follows the
 * slash command in Slack, which the grammar reads.
 */
export function withoutCommandPrefix(typed: string): string {
  const text = typed.trim();
  const lower = text.toLowerCase();
  const prefix = PREFIXES.find((p) => lower === p || lower.startsWith(`${p} `) || lower.startsWith(`${p}\n`));
  return prefix === undefined ? text : text.slice(prefix.length).trim();
}
