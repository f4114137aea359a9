import fc from 'fast-check';
import { MAX_DURATION_SECONDS, formatDuration } from '../../../../src/core/requests/duration.ts';
import type { KindInfo } from '../../../../src/core/requests/kinds.ts';
import type { Command } from '../../../../src/core/requests/request-types.ts';

/** A generated command: the text a person would type and the value it must parse to. */
export interface Case {
  readonly text: string;
  readonly expected: Command;
}

const SPACES = [' ', '  ', '\t', '\n', '\u00a0'];
/** Whitespace of the kinds people and chat clients produce between words. */
export const space = fc.constantFrom(...SPACES);
/** A word in lower, upper or title case (verbs, kinds and flags are case-insensitive). */
export const anyCase = (word: string): fc.Arbitrary<string> =>
  fc.constantFrom(
    word.toLowerCase(),
    word.toUpperCase(),
    word.charAt(0).toUpperCase() + word.slice(1).toLowerCase(),
  );

/** A DNS-1123 label that is also a DNS-1035 label: valid for namespaces and every kind. */
export const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,14}[a-z0-9])?$/);
/** A DNS-1123 subdomain, with dots. */
export const subdomain = fc.stringMatching(
  /^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?){0,2}$/,
);
/** A valid object name for `kind`, following Kubernetes' rule for that kind. */
export const nameFor = (kind: KindInfo): fc.Arbitrary<string> =>
  kind.kind === 'Service' || kind.kind === 'Namespace' ? label : subdomain;

const REASON_CHARS = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...' .,:;!?()[]{}#@/-_+=*&^%$~`|<>',
  ...`'"\\“”‘’„`,
  'é',
  'ß',
  '中',
  '🙃',
  '—',
];
const reasonText = fc
  .oneof(
    {
      weight: 20,
      arbitrary: fc.string({ unit: fc.constantFrom(...REASON_CHARS), minLength: 1, maxLength: 80 }),
    },
    { weight: 1, arbitrary: fc.constant('r'.repeat(500)) },
  )
  .filter((r) => r.trim() !== '');

/** Every way a value can be typed so that the tokenizer gives it back unchanged. */
function quotings(value: string): string[] {
  const ways = [`"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`];
  if (!value.includes("'")) ways.push(`'${value}'`);
  if (!/[‘’]/.test(value)) ways.push(`‘${value}’`);
  if (!value.includes('„')) ways.push(`“${value.replace(/\\/g, '\\\\').replace(/[“”]/g, (q) => `\\${q}`)}”`);
  if (/^[A-Za-z0-9._:,/+][A-Za-z0-9._:,/+-]*$/.test(value)) ways.push(value);
  return ways;
}
/** One of the ways to type `value` (see quotings). */
export const typed = (value: string): fc.Arbitrary<string> => fc.constantFrom(...quotings(value));

/** `--flag value` or `--flag=value`, with the value typed in any valid quoting. */
export const flag = (spellings: readonly string[], value: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...spellings), fc.boolean(), typed(value), space)
    .map(([name, equals, v, gap]) => (equals ? `${name}=${v}` : `${name}${gap}${v}`));

interface Common {
  parts: string[];
  fields: { reason: string; breakGlass: boolean; cluster?: string; incident?: string };
}

const buildCommon = (reasonRequired: boolean): fc.Arbitrary<Common> =>
  fc
    .record({
      reason: reasonRequired ? reasonText : fc.option(reasonText, { nil: undefined }),
      cluster: fc.option(fc.stringMatching(/^[a-z][a-z0-9_.-]{0,10}[a-z0-9]$/), { nil: undefined }),
      incident: fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), { nil: undefined }),
      breakGlass: fc.boolean(),
    })
    .chain(({ reason, cluster, incident, breakGlass }) => {
      const glass = breakGlass && incident !== undefined;
      const parts = [
        reason === undefined ? fc.constant(undefined) : flag(['--reason', '--REASON'], reason),
        cluster === undefined ? fc.constant(undefined) : flag(['--cluster'], cluster),
        incident === undefined ? fc.constant(undefined) : flag(['--incident'], incident),
        fc.constant(glass ? '--break-glass' : undefined),
      ];
      return fc.tuple(...parts).map((p) => ({
        parts: p.filter((x): x is string => x !== undefined),
        fields: {
          reason: reason?.trim() ?? '',
          breakGlass: glass,
          ...(cluster !== undefined && { cluster }),
          ...(incident !== undefined && { incident }),
        },
      }));
    });

const COMMON_WITH_REASON = buildCommon(true);
const COMMON_REASON_OPTIONAL = buildCommon(false);
/** The common flags, typed, and the fields they must parse to. */
export const common = (reasonRequired: boolean): fc.Arbitrary<Common> =>
  reasonRequired ? COMMON_WITH_REASON : COMMON_REASON_OPTIONAL;

/** `-n NS` in any spelling. */
export const namespaceFlag = (ns: string): fc.Arbitrary<string> => flag(['-n', '--namespace', '-N'], ns);

/** Joins a command word and its parts, in shuffled order, with assorted whitespace. */
export const assemble = (head: string, parts: string[]): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.shuffledSubarray(parts, { minLength: parts.length }),
      fc.array(space, { minLength: parts.length + 2, maxLength: parts.length + 2 }),
    )
    .map(
      ([order, gaps]) =>
        `${gaps[0]}${[head, ...order].map((p, i) => (i === 0 ? p : `${gaps[i]}${p}`)).join('')}${gaps[order.length + 1]}`,
    );

/** A duration in seconds and one of the ways to write it. */
export const duration = fc
  .integer({ min: 1, max: MAX_DURATION_SECONDS })
  .chain((seconds) =>
    fc
      .constantFrom(formatDuration(seconds), `${seconds}s`, formatDuration(seconds).toUpperCase())
      .map((text) => ({ seconds, text })),
  );
