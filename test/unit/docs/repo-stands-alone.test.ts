import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((file) => file && existsSync(join(ROOT, file)) && !file.startsWith('test/golden/'));
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const textFiles = tracked.filter((file) => /\.(ts|js|mjs|md|ya?ml|json|env|sh)$|Dockerfile$/.test(file));

/** How files used to cite the product contract outside the repository. */
const OUTSIDE = new RegExp(['\\.\\./shared', 'SPEC\\.md'].join('|'));

describe('the repository stands alone', () => {
  test('LICENSE is the Apache License 2.0 that package.json names, and SECURITY.md exists', () => {
    assert.equal((JSON.parse(text('package.json')) as { license: string }).license, 'Apache-2.0');
    const license = text('LICENSE');
    assert.match(license, /^\s+Apache License\n\s+Version 2\.0, January 2004/);
    assert.match(license, /END OF TERMS AND CONDITIONS/);
    assert.match(license, /APPENDIX: How to apply the Apache License to your work\./);
    assert.match(text('SECURITY.md'), /Reporting a vulnerability/i);
  });

  test('no file points outside the repository (../shared)', () => {
    const outside = textFiles.filter(
      (file) =>
        file !== 'package-lock.json' &&
        file !== 'test/unit/docs/repo-stands-alone.test.ts' &&
        OUTSIDE.test(text(file)),
    );
    assert.deepEqual(outside, []);
  });

  test('every relative link in the Markdown files names a file in the repository', () => {
    const broken: string[] = [];
    for (const file of tracked.filter((f) => f.endsWith('.md'))) {
      for (const [, target = ''] of text(file).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:|#)/.test(target)) continue;
        const path = resolve(ROOT, dirname(file), decodeURIComponent(target.split('#')[0] ?? ''));
        if (relative(ROOT, path).startsWith('..') || !existsSync(path)) broken.push(`${file}: ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  test('every "docs/spec.md §N.M" citation names a section and item that exist', () => {
    const spec = text('docs/spec.md');
    const sections = new Map<string, string>();
    for (const part of spec.split(/^## /m).slice(1)) {
      const number = /^(\d+)\./.exec(part)?.[1];
      if (number) sections.set(number, part);
    }
    const wrong: string[] = [];
    let citations = 0;
    for (const file of textFiles) {
      for (const [cite, section = '', item] of text(file).matchAll(/docs\/spec\.md §(\d+)(?:\.(\d+))?/g)) {
        citations += 1;
        const body = sections.get(section);
        if (!body || (item && !new RegExp(`^\\s*${item}\\. `, 'm').test(body)))
          wrong.push(`${file}: ${cite}`);
      }
    }
    assert.ok(citations > 0);
    assert.deepEqual(wrong, []);
  });
});
