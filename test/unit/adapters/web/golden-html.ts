import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lineDiff } from '../../../harness/golden.ts';

const GOLDEN_ROOT = fileURLToPath(new URL('../../../golden/', import.meta.url));

/**
 * Markup with its layout whitespace folded (prettier lays templates out freely; HTML
 * outside `<pre>` ignores it): runs of whitespace become one space, none between tags.
 */
export function normalizeMarkup(markup: string): string {
  return markup.replace(/\s+/g, ' ').replace(/> </g, '><').replace(/ >/g, '>').trim();
}

/**
 * Compares markup (normalized) with `test/golden/<name>.html`, one tag per line after `>` so a diff
 * reads well. `UPDATE_GOLDEN=1` (re)writes the file, as for the JSON goldens.
 */
export function assertGoldenHtml(name: string, markup: string): void {
  const path = `${GOLDEN_ROOT}${name}.html`;
  const actual = `${normalizeMarkup(markup).replace(/></g, '>\n<')}\n`;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path))
    assert.fail(`golden file test/golden/${name}.html is missing; create it with UPDATE_GOLDEN=1`);
  const expected = readFileSync(path, 'utf8');
  if (actual === expected) return;
  assert.fail(
    `output differs from test/golden/${name}.html (- golden, + actual); if intended, rerun with UPDATE_GOLDEN=1\n${lineDiff(expected, actual)}`,
  );
}
