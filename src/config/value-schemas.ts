import { z } from 'zod';

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Zod schemas for the shapes an environment value can take. Each one receives the trimmed,
 * non-empty string from the environment and yields a typed value; messages never echo the
 * input, so a malformed secret is not printed in an error.
 */
export const value = {
  /** Free text that must not be blank. */
  text: () => z.string().min(1, 'must not be empty'),

  /** A TCP port, 0 (pick a free one) to 65535. */
  port: () =>
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number from 0 to 65535, e.g. 8080')
      .transform(Number)
      .pipe(z.number().int().min(0).max(65535, 'must be a whole number from 0 to 65535, e.g. 8080')),

  /** A positive whole number within `[min, max]`. */
  int: (min: number, max: number, example: number) =>
    z
      .string()
      .regex(/^\d+$/, `must be a whole number from ${min} to ${max}, e.g. ${example}`)
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(min, `must be at least ${min}, e.g. ${example}`)
          .max(max, `must be at most ${max}, e.g. ${example}`),
      ),

  /** `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`), case-insensitive. */
  boolean: () =>
    z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(
        z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], {
          error: 'must be true or false',
        }),
      )
      .transform((s) => s === 'true' || s === '1' || s === 'yes' || s === 'on'),

  /** A duration such as `90s`, `15m`, `1h30m` or `500ms`, yielded in milliseconds (> 0). */
  duration: () =>
    z.string().transform((s, ctx) => {
      const ms = parseDuration(s);
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration such as 30s, 15m or 1h30m' });
        return z.NEVER;
      }
      return ms;
    }),

  /** An absolute URL whose scheme is one of `protocols`, e.g. `['http', 'https']`. */
  url: (protocols: readonly string[], example: string) =>
    z.string().refine(
      (s) => {
        if (!URL.canParse(s)) return false;
        return protocols.includes(new URL(s).protocol.replace(/:$/, ''));
      },
      { message: `must be a ${protocols.join(' or ')} URL, e.g. ${example}` },
    ),

  /** A comma-separated list; blanks around and between items are dropped. */
  list: () =>
    z.string().transform((s) =>
      s
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    ),

  /** A secret string that starts with `prefix`, e.g. Slack's `xoxb-`. */
  prefixedSecret: (prefix: string, what: string) =>
    z.string().refine((s) => s.startsWith(prefix) && s.length > prefix.length, {
      message: `must be ${what}, starting with "${prefix}"`,
    }),
};

/** Parses `1h30m`-style durations into milliseconds; undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+(ms|s|m|h|d))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) {
    total += Number(amount) * (DURATION_UNITS_MS[unit ?? ''] ?? Number.NaN);
  }
  return Number.isFinite(total) ? total : undefined;
}
