#!/usr/bin/env node
// `npm run build`: compiles src/ into dist/ (tsconfig.build.json, with source maps) and
// copies every non-TypeScript file under src/ (the web console's static files) next to
// the compiled code, so dist/ runs on its own with `node --enable-source-maps`.
// `--out-dir <dir>` builds elsewhere (tests build into a temporary folder).
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--out-dir');
if (at >= 0 && !args[at + 1]) {
  console.error('build: --out-dir needs a folder');
  process.exit(2);
}
const outDir = resolve(at >= 0 ? args[at + 1] : join(root, 'dist'));
const sourceDir = join(root, 'src');

rmSync(outDir, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(
  process.execPath,
  [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir],
  {
    stdio: 'inherit',
  },
);
if (compiled.status !== 0) {
  console.error('build: tsc failed');
  process.exit(compiled.status ?? 1);
}

let copied = 0;
const copyAssets = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(path);
    else if (!entry.name.endsWith('.ts')) {
      cpSync(path, join(outDir, relative(sourceDir, path)));
      copied += 1;
    }
  }
};
copyAssets(sourceDir);
console.log(`build: ${outDir} ready (${copied} static files copied)`);
