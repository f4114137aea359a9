import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

const METHODS = ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const;

/** Longest piece of a library message kept in the debug line (first line only, never a stack). */
const MAX_TEXT = 160;

const scope = new AsyncLocalStorage<Logger>();
let installed = false;

/**
 * Runs `work` with botbuilder's `console` output (whole stack traces, the published
 * signing keys on every forged token) turned into one short debug line on `logger`: an
 * error's name and message or a text's first line, never a stack or key. Output outside
 * such a call is untouched.
 */
export function withLibraryConsole<T>(logger: Logger, work: () => Promise<T>): Promise<T> {
  install();
  return scope.run(logger, work);
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const method of METHODS) {
    /* eslint-disable no-console -- this file exists to take over the SDK's console output */
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const logger = scope.getStore();
      if (logger === undefined) {
        original(...args);
        return;
      }
      logger.debug({ library: 'botbuilder', console: method, text: summary(args) }, 'library console output');
    };
    /* eslint-enable no-console */
  }
}

function summary(args: readonly unknown[]): string {
  return args
    .map((arg) => {
      if (arg instanceof Error) return `${arg.name}: ${firstLine(arg.message)}`;
      return typeof arg === 'string' ? firstLine(arg) : typeof arg;
    })
    .join(' ');
}

function firstLine(text: string): string {
  const line = (text.split('\n', 1)[0] ?? '').replace(/-----BEGIN.*$/, '[key omitted]');
  return line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT)}…` : line;
}
