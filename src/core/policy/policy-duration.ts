import { formatDuration, parseDuration } from '../requests/duration.ts';

/**
 * Reads a policy duration such as `30m`, `1h`, `2h30m` or `1d` into seconds with the
 * request grammar's rules (units d, h, m, s; at most 30 days), or undefined when the
 * text is not one, so the policy schema can phrase its own message.
 */
export function parsePolicyDuration(text: string): number | undefined {
  try {
    return parseDuration(text);
  } catch {
    return undefined;
  }
}

/** Writes seconds back in the same notation, e.g. 5400 → `1h30m`. */
export const formatPolicyDuration: (seconds: number) => string = formatDuration;
