import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { failureNotice } from '../../../../src/core/conversation/failure-notice.ts';
import { NotAuthorizedError } from '../../../../src/core/errors.ts';

function recordingLog() {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  return {
    lines,
    error: (fields: Record<string, unknown>, message: string) => lines.push({ fields, message }),
  };
}

void describe('failureNotice', () => {
  void test('a refusal written for the person is theirs to read, and nothing is logged as an error', () => {
    const log = recordingLog();
    const refusal = new NotAuthorizedError('You cannot approve your own request.');
    assert.deepEqual(failureNotice(refusal, log, 'Teams card action failed'), {
      kind: 'refused',
      error: refusal,
    });
    assert.equal(log.lines.length, 0);
  });

  void test('any other error is logged under a fresh reference and the person is told only that reference', () => {
    const log = recordingLog();
    const cause = new Error('ECONNREFUSED redis://10.0.0.7:6379 password=hunter2');
    const first = failureNotice(cause, log, 'Slack interaction failed');
    const second = failureNotice(cause, log, 'Slack interaction failed');
    assert.ok(first.kind === 'failed' && second.kind === 'failed');
    assert.match(first.reference, /^[0-9a-f]{8}$/);
    assert.notEqual(first.reference, second.reference);
    assert.equal(
      first.text,
      `Something failed, reference ${first.reference}. Try again in a minute; if it keeps failing, give your admin this reference.`,
    );
    assert.doesNotMatch(first.text, /redis|hunter2/);
    assert.deepEqual(log.lines[0], {
      fields: { err: cause, reference: first.reference },
      message: 'Slack interaction failed',
    });
  });
});
