#!/usr/bin/env node
// Entry point of the countersign command: loads the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

// `countersign audit export | head` closes the pipe early; that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

register();
await import('../src/cli/main.ts');
