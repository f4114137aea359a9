// The entry point of the `countersign` command, compiled to dist/cli/main.js (run by
// bin/countersign.js, `npm start` and the image). It settles how the process runs before
// anything else is loaded, so the command itself is imported only afterwards.
import { configureRuntime } from './configure-runtime.ts';

configureRuntime();
await import('./countersign-command.ts');
