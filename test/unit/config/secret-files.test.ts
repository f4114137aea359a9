import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ReadFile } from '../../../src/config/load.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { SECRET_SETTINGS } from '../../../src/config/settings.ts';
import { issueFor, problems } from './fixtures.ts';

const files =
  (contents: Record<string, string>): ReadFile =>
  (path) => {
    const text = contents[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' });
    return text;
  };

const socketSlack = { SLACK_APP_TOKEN: 'xapp-1-abc', COUNTERSIGN_IDENTITY_MODE: 'email' };

void describe('secrets given as files', () => {
  void test('X_FILE is read and its contents trimmed', () => {
    const config = loadConfig(
      { ...socketSlack, SLACK_BOT_TOKEN_FILE: '/run/secrets/bot' },
      files({ '/run/secrets/bot': 'xoxb-from-file\n' }),
    );
    assert.equal(config.slack?.botToken, 'xoxb-from-file');
  });

  void test('every secret setting accepts a _FILE variant', () => {
    for (const name of SECRET_SETTINGS) {
      const path = `/s/${name}`;
      const env = { [`${name}_FILE`]: path };
      const read = files({ [path]: 'file-value' });
      const seen: string[] = [];
      const spy: ReadFile = (p, e) => {
        seen.push(p);
        return read(p, e);
      };
      try {
        loadConfig(env, spy);
      } catch {
        // a lone secret is usually a partial setup; what matters is that its file was read
      }
      assert.deepEqual(seen, [path], name);
    }
  });

  void test('giving both X and X_FILE names both', () => {
    const issues = problems(
      { ...socketSlack, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_BOT_TOKEN_FILE: '/run/secrets/bot' },
      files({ '/run/secrets/bot': 'xoxb-2' }),
    );
    assert.match(issueFor(issues, 'SLACK_BOT_TOKEN'), /SLACK_BOT_TOKEN or SLACK_BOT_TOKEN_FILE, not both/);
  });

  void test('an unreadable file names the variable and the path, and no "required" noise follows', () => {
    const issues = problems({ ...socketSlack, SLACK_BOT_TOKEN_FILE: '/missing/bot' });
    assert.equal(issues.length, 1, JSON.stringify(issues));
    assert.match(issueFor(issues, 'SLACK_BOT_TOKEN_FILE'), /\/missing\/bot \(no such file\)/);
  });

  void test('an empty file is an error', () => {
    const issues = problems({ ...socketSlack, SLACK_BOT_TOKEN_FILE: '/e' }, files({ '/e': ' \n' }));
    assert.match(issueFor(issues, 'SLACK_BOT_TOKEN_FILE'), /empty/);
  });

  void test('a malformed value from a file is blamed on the _FILE variable without echoing it', () => {
    const issues = problems(
      { ...socketSlack, SLACK_BOT_TOKEN_FILE: '/b' },
      files({ '/b': 'xoxp-wrong-kind' }),
    );
    assert.match(issueFor(issues, 'SLACK_BOT_TOKEN_FILE'), /xoxb-.*read from \/b/);
    assert.ok(!JSON.stringify(issues).includes('xoxp-wrong-kind'));
  });
});
