import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderStepUpReply } from '../../../../src/adapters/slack/render/render-step-up-reply.ts';
import { assertMessageAccepted } from './slack-assertions.ts';

const LINK = 'https://countersign.example.com/stepup/start/abcDEF0123456789abcDEF0123456789abcDEF01234';

describe('renderStepUpReply', () => {
  test('says why and links the single-use sign-in; Slack accepts it', () => {
    const message = renderStepUpReply(
      'Request cs-1 needs approvers to sign in again (step-up) <!channel>.',
      LINK,
    );
    assertMessageAccepted(message);
    const text = JSON.stringify(message.blocks);
    assert.ok(text.includes(`<${LINK}|Sign in again>`));
    assert.doesNotMatch(text, /<!channel>/);
    assert.match(message.text, /Sign in again: https:\/\/countersign\.example\.com\/stepup\/start\//);
  });

  test('refuses a link that could break out of the mrkdwn link syntax', () => {
    assert.throws(() => renderStepUpReply('x', 'https://evil.example.com/a|Click me'), RangeError);
    assert.throws(() => renderStepUpReply('x', 'javascript:alert(1)'), RangeError);
  });
});
