import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from 'pino';

const PINO_LEVEL: Readonly<Record<LogLevel, string>> = {
  [LogLevel.ERROR]: 'error',
  [LogLevel.WARN]: 'warn',
  [LogLevel.INFO]: 'info',
  [LogLevel.DEBUG]: 'debug',
};

/** Socket Mode connection URLs carry a single-use ticket; it is a credential until used. */
const TICKET = /ticket=[^&"\s]+/g;

function text(parts: readonly unknown[]): string {
  return parts
    .map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p)))
    .join(' ')
    .replace(TICKET, 'ticket=[redacted]');
}

/**
 * Bolt's and the Web API client's logger interface on top of the process's pino
 * logger, so Slack SDK lines come out as JSON with `component: slack` and go through
 * the same secret scrubbing (and Socket Mode tickets are redacted). `setLevel` changes only this child's level.
 */
export function slackLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'slack-sdk' });
  return {
    debug: (...msg: unknown[]) => child.debug(text(msg)),
    info: (...msg: unknown[]) => child.info(text(msg)),
    warn: (...msg: unknown[]) => child.warn(text(msg)),
    error: (...msg: unknown[]) => child.error(text(msg)),
    setLevel: (level: LogLevel) => {
      child.level = PINO_LEVEL[level];
    },
    getLevel: () => {
      const found = (Object.keys(PINO_LEVEL) as LogLevel[]).find((l) => PINO_LEVEL[l] === child.level);
      return found ?? LogLevel.INFO;
    },
    setName: () => undefined,
  };
}
