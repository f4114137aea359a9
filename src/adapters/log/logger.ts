import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../../config/config.ts';
import { REDACTED, SECRET_CONFIG_PATHS, secretValues } from '../../config/redact.ts';

export type { Logger } from 'pino';

/** Secret values shorter than this are left to path redaction: scrubbing them would mangle lines. */
const MIN_SCRUBBED_LENGTH = 8;

const SENSITIVE_KEYS = [
  'authorization',
  'cookie',
  'password',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'clientSecret',
  'botToken',
  'appToken',
  'signingSecret',
  'sessionSecret',
  'appPassword',
];

/** pino redact paths: sensitive keys up to two levels deep, HTTP headers, and config secrets. */
const REDACT_PATHS = [
  ...SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  ...['req', 'res', 'request', 'response'].flatMap((parent) => [
    `${parent}.headers.authorization`,
    `${parent}.headers.cookie`,
    `${parent}.headers["set-cookie"]`,
    `${parent}.headers["x-slack-signature"]`,
  ]),
  'headers["set-cookie"]',
  'headers["x-slack-signature"]',
  ...SECRET_CONFIG_PATHS.flatMap((path) => [path, `config.${path}`]),
];

/**
 * The process logger: one JSON object per line on `destination` (stdout by default), level
 * from `config.logLevel`, ISO time and level names. Secrets never reach the output: keys such
 * as `authorization`, `cookie`, `token`, `password` and every secret path of {@link Config}
 * are redacted, and each configured secret value (8 characters or more) is scrubbed from the
 * finished line wherever it appears, even inside a message or an error.
 *
 * Convention: adapters take `logger.child({ component: 'slack' })`, and everything done for one
 * Countersign request logs through `logger.child({ requestId })`, so one filter on `requestId`
 * shows a request's whole story across server and worker processes.
 */
export function createLogger(config: Config, destination?: DestinationStream): Logger {
  const scrub = scrubber(secretValues(config));
  const options = {
    name: 'countersign',
    level: config.logLevel,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    hooks: { streamWrite: scrub },
  };
  return destination ? pino(options, destination) : pino(options);
}

function scrubber(secrets: readonly string[]): (line: string) => string {
  const needles = [
    ...new Set(
      secrets
        .filter((s) => s.length >= MIN_SCRUBBED_LENGTH)
        .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]),
    ),
  ].sort((a, b) => b.length - a.length);
  if (needles.length === 0) return (line) => line;
  return (line) => needles.reduce((text, needle) => text.replaceAll(needle, REDACTED), line);
}
