import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, test } from 'node:test';
import { sendStepUpPage } from '../../../../src/adapters/stepup/step-up-page.ts';

function capture() {
  const sent: { status?: number; headers?: Record<string, string>; body?: string } = {};
  const res = {
    writeHead(status: number, headers: Record<string, string>) {
      sent.status = status;
      sent.headers = headers;
      return this;
    },
    end(body: string) {
      sent.body = body;
      return this;
    },
  } as unknown as ServerResponse;
  return { res, sent };
}

describe('sendStepUpPage', () => {
  test('escapes every text, runs no script, is never cached or framed and sends no referrer', () => {
    const { res, sent } = capture();
    sendStepUpPage(res, {
      status: 403,
      title: 'Nothing <counted>',
      message: 'You signed in as "><script>alert(1)</script>',
      tone: 'bad',
      button: { action: '/stepup/start/a"b', label: '<b>Go</b>' },
    });
    assert.equal(sent.status, 403);
    assert.doesNotMatch(sent.body ?? '', /<script>|<b>|a"b/);
    assert.match(sent.body ?? '', /&quot;&gt;&lt;script&gt;/);
    assert.match(sent.body ?? '', /<form method="post" action="\/stepup\/start\/a&quot;b">/);
    assert.equal(sent.headers?.['cache-control'], 'no-store');
    assert.equal(sent.headers?.['referrer-policy'], 'no-referrer');
    assert.match(
      sent.headers?.['content-security-policy'] ?? '',
      /default-src 'none'.*frame-ancestors 'none'/,
    );
  });
});
