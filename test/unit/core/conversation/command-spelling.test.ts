import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CONSOLE_SPELLING,
  SLACK_SPELLING,
  spellCommands,
  TEAMS_SPELLING,
  typedCommand,
} from '../../../../src/core/conversation/command-spelling.ts';
import { helpText } from '../../../../src/core/requests/help-text.ts';

void describe('spellCommands', () => {
  const refusal =
    'You filed request cs-k7m2q4x5ba, so you cannot deny it. To withdraw it: /k8s-request cancel cs-k7m2q4x5ba';

  void test('Slack reads the canonical slash command unchanged', () => {
    assert.equal(spellCommands(refusal, SLACK_SPELLING), refusal);
  });

  void test('Teams reads the command word without the slash, as typed to the bot', () => {
    assert.equal(
      spellCommands(refusal, TEAMS_SPELLING),
      'You filed request cs-k7m2q4x5ba, so you cannot deny it. To withdraw it: k8s-request cancel cs-k7m2q4x5ba',
    );
    assert.equal(
      spellCommands('Type `/k8s-request` alone for the form.', TEAMS_SPELLING),
      'Type `k8s-request` alone for the form.',
    );
  });

  void test('the console reads the bare command, as its command box takes it', () => {
    assert.equal(
      spellCommands(refusal, CONSOLE_SPELLING),
      'You filed request cs-k7m2q4x5ba, so you cannot deny it. To withdraw it: cancel cs-k7m2q4x5ba',
    );
  });

  void test('only the prefix as a word of its own is rewritten', () => {
    for (const text of ['a/k8s-request b', '/k8s-requests list', 'x/k8s-request']) {
      assert.equal(spellCommands(text, TEAMS_SPELLING), text);
    }
  });

  void test('help names no slash command outside Slack', () => {
    for (const spelling of [TEAMS_SPELLING, CONSOLE_SPELLING]) {
      assert.doesNotMatch(spellCommands(helpText(undefined), spelling), /\/k8s-request/);
    }
    assert.match(spellCommands(helpText(undefined), TEAMS_SPELLING), /^ {2}k8s-request delete /m);
  });

  void test('typedCommand writes one command text in the surface’s spelling', () => {
    assert.equal(typedCommand('status cs-k7m2q4x5ba', SLACK_SPELLING), '/k8s-request status cs-k7m2q4x5ba');
    assert.equal(typedCommand('status cs-k7m2q4x5ba', TEAMS_SPELLING), 'k8s-request status cs-k7m2q4x5ba');
    assert.equal(typedCommand('status cs-k7m2q4x5ba', CONSOLE_SPELLING), 'status cs-k7m2q4x5ba');
  });
});
