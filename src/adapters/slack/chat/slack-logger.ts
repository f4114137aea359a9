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
 * A line below the level is dropped before its text is built: the Web API client logs
 * every request body, header set and result at debug, as JSON of the whole message.
 */
export function slackLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'slack-sdk' });
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]): void => {
      if (child.isLevelEnabled(level)) child[level](text(msg));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
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
