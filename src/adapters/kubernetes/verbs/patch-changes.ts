import type { FieldChange } from '../../../core/changes/field-change.ts';
import { fieldAt } from '../kube-object.ts';

const MAX_VALUE = 60;

/**
 * The fields a JSON merge patch changes, one line each (`spec.paused: false → true`),
 * found by comparing the object before with the server's answer after (real or dry
 * run), so defaulting and no-op fields are judged by the API server, not guessed.
 */
export function describeChanges(
  patch: Readonly<Record<string, unknown>>,
  before: unknown,
  after: unknown,
): string[] {
  const lines: string[] = [];
  for (const path of leafPaths(patch)) {
    const was = fieldAt(before, path);
    const now = fieldAt(after, path);
    if (JSON.stringify(was) !== JSON.stringify(now))
      lines.push(`${formatPath(path)}: ${formatValue(was)} → ${formatValue(now)}`);
  }
  return lines;
}

/**
 * The same fields as {@link describeChanges}, each with its whole old and new value as
 * compact JSON (absent where unset), for the core to show in full.
 */
export function fieldChanges(
  patch: Readonly<Record<string, unknown>>,
  before: unknown,
  after: unknown,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const path of leafPaths(patch)) {
    const was = fieldAt(before, path);
    const now = fieldAt(after, path);
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    changes.push({
      path: formatPath(path),
      ...(was === undefined ? {} : { before: JSON.stringify(was) }),
      ...(now === undefined ? {} : { after: JSON.stringify(now) }),
    });
  }
  return changes;
}

/** Every path the patch sets or removes; objects recurse, arrays and scalars are leaves (a merge patch replaces arrays). */
export function leafPaths(
  patch: Readonly<Record<string, unknown>>,
  prefix: readonly string[] = [],
): string[][] {
  return Object.entries(patch).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0
      ? leafPaths(value as Record<string, unknown>, [...prefix, key])
      : [[...prefix, key]],
  );
}

function formatPath(path: readonly string[]): string {
  return path
    .map((key, i) =>
      /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? (i === 0 ? key : `.${key}`) : `[${JSON.stringify(key)}]`,
    )
    .join('');
}

function formatValue(value: unknown): string {
  if (value === undefined) return 'unset';
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}
