import { InvalidRequestError, showToken } from './request-error.ts';

const UNITS = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
] as const;

const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** The longest duration any request may name: 30 days, in seconds. */
export const MAX_DURATION_SECONDS = 30 * 86_400;

/** The example shown when a duration is wrong. */
const DURATION_EXAMPLE = '/k8s-request extend cs-k7m2q4x5ba --for 1h30m';

/**
 * Reads a duration such as `30m`, `4h`, `1h30m`, `90s` or `2d` into whole seconds.
 * Units are d, h, m and s, largest first, each at most once, letters in either case.
 * Throws an `InvalidRequestError` (`bad_duration`) for garbage, zero, negatives and
 * anything over 30 days. `example` replaces the default example in that error.
 */
export function parseDuration(text: string, example: string = DURATION_EXAMPLE): number {
  const fail = (why: string): never => {
    throw new InvalidRequestError('bad_duration', `${showToken(text)} ${why}`, example);
  };
  const lowered = text.toLowerCase();
  if (lowered.startsWith('-')) fail('is negative; a duration is a length of time such as 30m or 4h.');
  if (/^\d+$/.test(lowered)) fail(`has no unit: write ${lowered}m or ${lowered}h (units are d, h, m, s).`);
  const match = DURATION.exec(lowered);
  if (!match || lowered === '') {
    fail('is not a duration: use whole numbers with units d, h, m, s, largest first, e.g. 30m, 4h, 1h30m.');
  }
  let seconds = 0;
  UNITS.forEach(([, size], i) => {
    const part = match?.[i + 1];
    if (part !== undefined) seconds += Number(part) * size;
  });
  if (seconds === 0) fail('is zero; ask for a length of time such as 30m.');
  if (!(seconds <= MAX_DURATION_SECONDS)) fail('is longer than the 30-day limit (30d).');
  return seconds;
}

/** Writes seconds in the notation {@link parseDuration} reads: 5400 → `1h30m`, 0 → `0s`. */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds));
  if (rest === 0) return '0s';
  let text = '';
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text;
}
