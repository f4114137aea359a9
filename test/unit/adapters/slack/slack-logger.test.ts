import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogLevel } from '@slack/bolt';
import { pino } from 'pino';
import { slackLogger } from '../../../../src/adapters/slack/chat/slack-logger.ts';

/** A pino logger at `level` writing its lines to `lines`, as parsed JSON. */
function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

/** A message part that counts how often it is turned into text (JSON.stringify calls toJSON). */
function counted() {
  const part = { built: 0, toJSON: () => ((part.built += 1), { body: 'the whole request' }) };
  return part;
}

test('a line below the level is dropped before its text is built', () => {
  const { logger, lines } = capture('info');
  const log = slackLogger(logger);
  const part = counted();
  log.debug('http request body:', part);
  assert.equal(part.built, 0, 'the debug text was not built');
  assert.equal(lines.length, 0, 'nothing was written');
  log.info('connected', part);
  assert.equal(part.built, 1);
  assert.equal(lines[0]?.msg, 'connected {"body":"the whole request"}');
  assert.equal(lines[0]?.component, 'slack-sdk');
});

test('at debug the line is built and written, tickets redacted', () => {
  const { logger, lines } = capture('info');
  const log = slackLogger(logger);
  log.setLevel(LogLevel.DEBUG);
  assert.equal(log.getLevel(), LogLevel.DEBUG);
  const part = counted();
  log.debug('url wss://x/link/?ticket=abc123&app_id=A1', part);
  assert.equal(part.built, 1);
  assert.equal(lines[0]?.msg, 'url wss://x/link/?ticket=[redacted]&app_id=A1 {"body":"the whole request"}');
});
