import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const GOLDEN_ROOT = fileURLToPath(new URL('../golden/', import.meta.url));

/**
 * Compares `value`, as pretty JSON, with `test/golden/<name>.json`. With
 * `UPDATE_GOLDEN=1` the file is (re)written instead; without it a missing file or
 * a mismatch fails with a line diff and how to update.
 */
export function assertGolden(name: string, value: unknown): void {
  const path = `${GOLDEN_ROOT}${name}.json`;
  const actual = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    assert.fail(`golden file test/golden/${name}.json is missing; create it with UPDATE_GOLDEN=1`);
  }
  const expected = readFileSync(path, 'utf8');
  if (actual === expected) return;
  assert.fail(
    `output differs from test/golden/${name}.json (- golden, + actual); if the change is intended, rerun with UPDATE_GOLDEN=1\n${lineDiff(expected, actual)}`,
  );
}

/** A unified-style diff of two texts' lines with two lines of context, at most 80 lines shown. */
export function lineDiff(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: { kind: ' ' | '-' | '+'; line: string; at: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ kind: ' ', line: a[i++]!, at: j++ });
    else if (i < a.length && (j >= b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!))
      ops.push({ kind: '-', line: a[i++]!, at: j });
    else ops.push({ kind: '+', line: b[j]!, at: j++ });
  }
  const near = (k: number): boolean => ops.slice(Math.max(0, k - 2), k + 3).some((o) => o.kind !== ' ');
  const out: string[] = [];
  let skipped = false;
  ops.forEach((op, k) => {
    if (!near(k)) {
      skipped = true;
      return;
    }
    if (skipped) out.push(`@@ line ${op.at + 1} @@`);
    skipped = false;
    out.push(`${op.kind} ${op.line}`);
  });
  return out.slice(0, 80).join('\n') + (out.length > 80 ? `\n… ${out.length - 80} more diff lines` : '');
}
