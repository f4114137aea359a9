import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { renderCard } from '../../../../src/adapters/web/render/render-card.ts';
import { escapeHtml } from '../../../../src/adapters/http/html-escape.ts';
import type { ApprovalCard } from '../../../../src/core/cards/approval-card.ts';
import { buildApprovalCard } from '../../../../src/core/cards/build-approval-card.ts';
import { decideRequest } from '../../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../../src/core/workflow/submit-request.ts';
import { grantAccess } from '../../../../src/core/workflow/grant-access.ts';
import { people, workflowFixture } from '../../core/workflow/workflow-harness.ts';
import { assertGoldenHtml, normalizeMarkup } from './golden-html.ts';

const CSRF = 'TOKEN-for-golden-files-0123456789abcdef';

/** Cards built by the core from records the workflow produced, one per state the console shows. */
async function coreCards(): Promise<Record<string, ApprovalCard>> {
  const fx = workflowFixture();
  const scale = await submitRequest(
    fx.deps,
    fx.submission(
      'scale deployment/api --replicas 5 -n prod-payments --incident INC-4312 --reason "INC-4312 load"',
    ),
  );
  await decideRequest(fx.deps, { requestId: scale.id, person: people.bob, verdict: 'approve' });
  const pending = await fx.store.get(scale.id);
  const denied = await submitRequest(
    fx.deps,
    fx.submission('restart deployment/api -n prod-payments --reason "new secret"'),
  );
  await decideRequest(fx.deps, {
    requestId: denied.id,
    person: people.carol,
    verdict: 'deny',
    reason: 'release freeze',
  });
  const access = await submitRequest(
    fx.deps,
    fx.submission('access role/view -n prod-payments --for 4h --reason "debug INC-4312"'),
  );
  await decideRequest(fx.deps, { requestId: access.id, person: people.bob, verdict: 'approve' });
  await decideRequest(fx.deps, { requestId: access.id, person: people.carol, verdict: 'approve' });
  await grantAccess(fx.deps, access.id);
  const now = fx.clock.now() + 3600_000;
  return {
    'card-pending': buildApprovalCard(pending!, now),
    'card-denied': buildApprovalCard((await fx.store.get(denied.id))!, now),
    'card-active-grant': buildApprovalCard((await fx.store.get(access.id))!, now),
  };
}

const HOSTILE =
  '<script>alert(1)</script> "><img src=x onerror=alert(2)> \' ` &amp; </dd></dl><form action=//evil>';

const hostileCard: ApprovalCard = {
  requestId: 'cs-"><svg onload=alert(1)>',
  version: 1,
  title: `delete pod/${HOSTILE}`,
  state: 'pending',
  status: { label: 'Waiting for approval', tone: 'attention' },
  facts: [
    { label: 'Requester', value: HOSTILE },
    { label: `Reason ${HOSTILE}`, value: HOSTILE },
  ],
  preview: [HOSTILE],
  previewHeading: HOSTILE,
  progress: HOSTILE,
  matchedRules: [HOSTILE],
  notes: [[HOSTILE]],
  actions: [
    { id: 'approve', label: HOSTILE, style: 'primary', requestId: HOSTILE },
    { id: 'deny', label: 'Deny', style: 'danger', requestId: HOSTILE, asks: 'reason' },
  ],
};

describe('web renderCard', () => {
  test('cards the core builds match their golden HTML', async () => {
    for (const [name, card] of Object.entries(await coreCards())) {
      assertGoldenHtml(`web/${name}`, renderCard(card, { csrfToken: CSRF }).value);
    }
  });

  test('buttons are POST forms to /requests/<id>/<action> with the CSRF token and nothing else from the card', async () => {
    const cards = await coreCards();
    const html = normalizeMarkup(renderCard(cards['card-pending']!, { csrfToken: CSRF }).value);
    const forms = [...html.matchAll(/<form method="post" action="([^"]+)"[^>]*>(.*?)<\/form>/g)];
    assert.deepEqual(
      forms.map((f) => f[1]),
      [
        `/requests/${cards['card-pending']!.requestId}/approve`,
        `/requests/${cards['card-pending']!.requestId}/deny`,
      ],
    );
    for (const [, , inner] of forms) {
      const names = [...(inner ?? '').matchAll(/name="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(
        names.every((n) => n === '_csrf' || n === 'reason'),
        `only the token and the reason: ${names.join(',')}`,
      );
      assert.match(inner ?? '', new RegExp(`name="_csrf" value="${CSRF}"`));
    }
    const grant = normalizeMarkup(renderCard(cards['card-active-grant']!, { csrfToken: CSRF }).value);
    assert.match(grant, /action-extend.*<select name="duration">/);
    assert.match(grant, /action-revoke/);
  });

  test('hostile text in every field stays text: golden file, no tag or attribute it could open', () => {
    const html = normalizeMarkup(renderCard(hostileCard, { csrfToken: CSRF }).value);
    assertGoldenHtml('web/card-hostile', html);
    assert.doesNotMatch(html, /<script|<img|<svg|<form action=\/\/evil|onerror=alert\(2\)>|"><img/);
    assert.ok(html.includes(escapeHtml(HOSTILE)));
    assert.match(html, /action="\/requests\/%3Cscript%3E/, 'the request ID is URL-encoded in the path');
  });

  test('property: any text put on a card comes back only escaped', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        (value, title) => {
          const html = renderCard(
            {
              ...hostileCard,
              requestId: 'cs-aaaaaaaaaa',
              title,
              facts: [{ label: 'Reason', value }],
              preview: [],
              notes: [],
              matchedRules: [],
              actions: [],
            },
            { csrfToken: CSRF },
          ).value;
          const text = html.replace(/<[a-z0-9]+(?:\s+[a-z-]+(?:="[^"<>]*")?)*\s*>|<\/[a-z0-9]+>/g, '');
          assert.doesNotMatch(text, /[<>"]/, 'outside the renderer’s own tags, no markup character survives');
          assert.ok(html.includes(`<dd>${escapeHtml(value)}</dd>`));
        },
      ),
    );
  });
});

describe('escapeHtml', () => {
  test('escapes the five markup characters and backtick, and round-trips', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&\``),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;',
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        const escaped = escapeHtml(s);
        assert.doesNotMatch(escaped, /[<>"'`]/);
        const back = escaped
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&#96;/g, '`')
          .replace(/&amp;/g, '&');
        assert.equal(back, s);
      }),
    );
  });
});
