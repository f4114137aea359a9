import { fileURLToPath } from 'node:url';

/**
 * Node arguments that run the `countersign` command from the TypeScript sources through
 * tsx (what `npm run dev --` does), so tests exercise the code under test without a
 * build; bin/countersign.js runs the compiled dist/ and is covered by test/integration/deploy.
 */
export const COUNTERSIGN_FROM_SOURCE: readonly string[] = [
  '--import',
  'tsx',
  fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url)),
];
