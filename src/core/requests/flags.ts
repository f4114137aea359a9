import { InvalidRequestError, showToken } from './request-error.ts';
import { didYouMean } from './suggest.ts';
import type { Token } from './tokenize.ts';

/** Every flag the grammar knows, by canonical name. */
export type FlagName =
  | 'namespace'
  | 'cluster'
  | 'incident'
  | 'reason'
  | 'break-glass'
  | 'replicas'
  | 'patch'
  | 'to-revision'
  | 'for'
  | 'at'
  | 'in';

const SPELLINGS: ReadonlyMap<string, FlagName> = new Map([
  ['-n', 'namespace'],
  ['--namespace', 'namespace'],
  ['--cluster', 'cluster'],
  ['--incident', 'incident'],
  ['--reason', 'reason'],
  ['--break-glass', 'break-glass'],
  ['--replicas', 'replicas'],
  ['--patch', 'patch'],
  ['--to-revision', 'to-revision'],
  ['--for', 'for'],
  ['--at', 'at'],
  ['--in', 'in'],
]);

const BOOLEAN_FLAGS: ReadonlySet<FlagName> = new Set(['break-glass']);

/** The flags every change request accepts. */
export const COMMON_FLAGS: readonly FlagName[] = ['cluster', 'incident', 'reason', 'break-glass', 'at', 'in'];

/** How a flag is written in messages, e.g. `--reason`. */
export function flagSpelling(name: FlagName): string {
  return `--${name}`;
}

/** A command's words split into positional arguments and flag values (`''` for a boolean flag). */
export interface ScannedArgs {
  readonly positionals: readonly Token[];
  readonly flags: ReadonlyMap<FlagName, string>;
  /** For positionals typed right after a flag's value: that flag, to hint at missing quotes. */
  readonly afterValueOf: ReadonlyMap<Token, FlagName>;
}

/** What a scan needs to word its errors. */
export interface ScanContext {
  /** The command word as people know it, e.g. `delete`. */
  readonly command: string;
  readonly example: string;
}

const isFlagToken = (t: Token): boolean => t.bare && t.value.startsWith('-');
const looksLikeFlag = (t: Token): boolean => t.bare && /^(--|-[A-Za-z])/.test(t.value);

/**
 * Separates flags from positional words, in any order, as `--flag value` or
 * `--flag=value` (`-n` too). Throws, naming the flag as typed, on an unknown flag, a
 * flag `allowed` does not list for this command, a repeated flag, a missing value, or
 * a value given to a boolean flag. Flag names are case-insensitive.
 */
export function scanFlags(
  tokens: readonly Token[],
  allowed: readonly FlagName[],
  context: ScanContext,
): ScannedArgs {
  const positionals: Token[] = [];
  const flags = new Map<FlagName, string>();
  const afterValueOf = new Map<Token, FlagName>();
  let lastValued: FlagName | undefined;
  const fail = (
    code: 'unknown_flag' | 'flag_not_applicable' | 'duplicate_flag' | 'missing_value' | 'unexpected_value',
    message: string,
  ): never => {
    throw new InvalidRequestError(code, message, context.example);
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!isFlagToken(token)) {
      positionals.push(token);
      if (lastValued !== undefined) afterValueOf.set(token, lastValued);
      continue;
    }
    lastValued = undefined;
    const equals = token.value.indexOf('=');
    const typed = equals === -1 ? token.value : token.value.slice(0, equals);
    const name = SPELLINGS.get(typed.toLowerCase());
    if (name === undefined) {
      const hint = didYouMean(
        typed,
        [...SPELLINGS.keys()].filter((s) => allowed.includes(SPELLINGS.get(s)!)),
      );
      fail('unknown_flag', `Unknown flag ${showToken(typed)} for ${context.command}.${hint}`);
    } else if (!allowed.includes(name)) {
      fail('flag_not_applicable', `The flag ${showToken(typed)} does not apply to ${context.command}.`);
    } else if (flags.has(name)) {
      fail('duplicate_flag', `The flag ${showToken(typed)} is given more than once; give it once.`);
    } else if (BOOLEAN_FLAGS.has(name)) {
      if (equals !== -1)
        fail('unexpected_value', `The flag ${showToken(typed)} takes no value; write it alone.`);
      flags.set(name, '');
    } else if (equals !== -1) {
      const value = token.value.slice(equals + 1);
      if (value === '' && name !== 'reason')
        fail('missing_value', `The flag ${showToken(typed)} needs a value.`);
      flags.set(name, value);
      lastValued = name;
    } else {
      const next = tokens[i + 1];
      if (next === undefined || looksLikeFlag(next)) {
        fail('missing_value', `The flag ${showToken(typed)} needs a value after it.`);
      } else {
        if (next.value === '' && name !== 'reason')
          fail('missing_value', `The flag ${showToken(typed)} needs a value.`);
        flags.set(name, next.value);
        lastValued = name;
        i++;
      }
    }
  }
  return { positionals, flags, afterValueOf };
}

/**
 * The `unexpected_argument` error for a word nothing expects; when the word came right
 * after a flag's value (`--reason stuck in Terminating`), it suggests quoting that value.
 */
export function unexpectedArgument(
  token: Token,
  args: ScannedArgs,
  where: string,
  example: string,
): InvalidRequestError {
  const flag = args.afterValueOf.get(token);
  const hint =
    flag === undefined ? '' : ` If it belongs to ${flagSpelling(flag)}, put the whole value in quotes.`;
  return new InvalidRequestError(
    'unexpected_argument',
    `Unexpected ${showToken(token.value)} ${where}.${hint}`,
    example,
  );
}
