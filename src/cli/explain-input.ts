import { InvalidArgumentError } from 'commander';
import { UserFacingError } from '../core/errors.ts';
import { readStartAt } from '../core/requests/read-start.ts';

const SPECIAL = /[\s"'\\\u2018\u2019\u201c\u201d\u201e]/u;

/**
 * Joins the words after `--` back into request text, re-quoting any word the shell
 * unquoted (`--reason "stuck pod"` arrives as one word with a space). A single word is
 * taken as the whole text, so `-- "delete pod/x -n y --reason z"` also works. A
 * leading `/k8s-request` is dropped.
 */
export function requestTextOf(words: readonly string[]): string {
  const quote = (word: string): string => {
    if (word !== '' && !SPECIAL.test(word)) return word;
    return word.includes("'") ? `"${word.replace(/["\\\u201c\u201d]/g, '\\$&')}"` : `'${word}'`;
  };
  const text = words.length === 1 ? (words[0] ?? '') : words.map(quote).join(' ');
  return text.replace(/^\s*\/k8s-request\b\s*/, '');
}

/** Commander option parser collecting repeated `--group` values. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Commander option parser collecting repeated `key=value` pairs into a record. */
export function collectPair(
  value: string,
  previous: Record<string, string> | undefined,
): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected key=value, e.g. sensitivity=high (got "${value}")`);
  return { ...(previous ?? {}), [value.slice(0, at)]: value.slice(at + 1) };
}

/**
 * Commander option parser for `--at`, read as a request's own `--at` is: a wall-clock
 * time in a named zone (`"2026-03-02 21:30 Europe/Berlin"`) or an ISO instant with its
 * offset (`2026-03-02T21:30+01:00`), to ms since the epoch.
 */
export function parseInstant(value: string): number {
  try {
    return readStartAt(value, '--at "2026-03-02 21:30 Europe/Berlin"').at;
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    throw new InvalidArgumentError(error.message);
  }
}
