import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLogger } from '../../../../src/adapters/log/logger.ts';
import { loadConfig } from '../../../../src/config/load.ts';
import { FULL_ENV, SECRETS, noFiles } from '../../config/fixtures.ts';

function capture(): { lines: string[]; write(line: string): void } {
  const lines: string[] = [];
  return { lines, write: (line) => void lines.push(line) };
}

void describe('createLogger', () => {
  const config = loadConfig(FULL_ENV, noFiles);

  void test('writes one JSON object per line with level names and child bindings', () => {
    const out = capture();
    createLogger(config, out).child({ requestId: 'req-42' }).warn({ n: 1 }, 'hello');
    assert.equal(out.lines.length, 1);
    const entry = JSON.parse(out.lines[0] ?? '') as Record<string, unknown>;
    assert.equal(entry.level, 'warn');
    assert.equal(entry.requestId, 'req-42');
    assert.equal(entry.msg, 'hello');
    assert.equal(entry.name, 'countersign');
    assert.match(String(entry.time), /^\d{4}-\d\d-\d\dT/);
  });

  void test('honours the configured level', () => {
    const out = capture();
    const log = createLogger(loadConfig({ LOG_LEVEL: 'warn' }, noFiles), out);
    log.info('quiet');
    log.error('loud');
    assert.deepEqual(
      out.lines.map((l) => (JSON.parse(l) as { msg: string }).msg),
      ['loud'],
    );
  });

  void test('no secret reaches the output: config, headers, cookies, messages, errors', () => {
    const out = capture();
    const log = createLogger(config, out);
    log.info({ config }, 'config loaded, unredacted on purpose');
    log.info(config, 'config at the top level');
    log.info({
      req: { headers: { authorization: 'Bearer header-token-9f8e7d', cookie: 'sid=cookie-value-123abc' } },
      res: { headers: { 'set-cookie': 'sid=set-cookie-value-456def' } },
    });
    log.info({ headers: { authorization: 'Basic header-basic-0a1b2c' }, token: 'loose-token-3c4d5e' });
    log.info(`calling Slack with ${SECRETS.SLACK_BOT_TOKEN}`);
    log.info({ detail: `teams said ${SECRETS.TEAMS_APP_PASSWORD}` });
    log.error(new Error(`oidc rejected ${SECRETS.OIDC_CLIENT_SECRET}`), 'step-up failed');

    const written = out.lines.join('');
    const leaks = [
      ...Object.values(SECRETS),
      ...Object.values(SECRETS).map((s) => JSON.stringify(s).slice(1, -1)),
      'header-token-9f8e7d',
      'cookie-value-123abc',
      'set-cookie-value-456def',
      'header-basic-0a1b2c',
      'loose-token-3c4d5e',
    ];
    for (const secret of leaks) assert.ok(!written.includes(secret), `leaked ${secret}`);
    assert.equal(out.lines.length, 7);
    for (const line of out.lines) assert.doesNotThrow(() => JSON.parse(line), line);
    assert.ok(written.includes('[redacted]'));
    assert.ok(written.includes('countersign'), 'non-secret config still logged');
  });
});
