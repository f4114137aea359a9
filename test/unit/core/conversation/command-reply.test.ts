import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderCommandOutcome as slackReply } from '../../../../src/adapters/slack/render/render-command-replies.ts';
import { renderCommandOutcome as teamsReply } from '../../../../src/adapters/teams/render/render-command-replies.ts';
import { filedReply } from '../../../../src/core/conversation/filed-reply.ts';
import { listReplyLines } from '../../../../src/core/conversation/command-reply-lines.ts';
import type { ReplyLine } from '../../../../src/core/conversation/reply-line.ts';
import { filed, sreAndSecurity, T0 } from '../lifecycle/fixtures.ts';

const commands = (lines: readonly ReplyLine[]): string[] =>
  lines.flatMap((line) =>
    line.spans.flatMap((span) => (typeof span === 'object' && 'command' in span ? [span.command] : [])),
  );

void describe('the neutral command replies every surface renders', () => {
  void test('a filing says how to follow it, and how to cancel it only while it waits', () => {
    const pending = filedReply(filed({ decision: sreAndSecurity() }));
    assert.deepEqual(commands(pending.follow), ['status req-1', 'cancel req-1']);
    const approved = filedReply({ ...filed(), state: 'approved' });
    assert.deepEqual(commands(approved.follow), ['status req-1']);
    assert.match(pending.fallback, /^req-1 .*: waiting for 2 approvals$/);
  });

  void test('a list names when an approved request starts, on Slack and on Teams alike', () => {
    const startAt = T0 + 2 * 3_600_000;
    const waiting = { ...filed({ startAt }), state: 'approved' as const };
    assert.deepEqual(commands(listReplyLines([waiting], [], T0).lines), ['cancel req-1']);
    const outcome = { kind: 'list', open: [waiting], grants: [], now: T0 } as const;
    const slack = JSON.stringify(slackReply(outcome));
    assert.match(slack, new RegExp(`starts <!date\\^${startAt / 1000}\\^`));
    assert.match(slack, /cancel with: `\/k8s-request cancel req-1`/);
    assert.match(JSON.stringify(teamsReply(outcome)), /cancel with: k8s-request cancel req-1/);
  });
});
