#!/usr/bin/env node
// Entry point of the countersign command: runs the compiled JavaScript in dist/
// (`npm run build`); dist/cli/main.js maps stack traces back to the TypeScript sources.
// Working on the sources? `npm run dev -- <command>` runs them through tsx instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error(
    `countersign: ${fileURLToPath(main)} is missing; run \`npm run build\` first ` +
      '(or `npm run dev -- <command>` to run the TypeScript sources through tsx)',
  );
  process.exit(1);
}
await import(main.href);
