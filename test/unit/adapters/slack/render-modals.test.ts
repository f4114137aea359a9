import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readAskedValue, renderAskModal } from '../../../../src/adapters/slack/render/render-ask-modal.ts';
import { hostileCard, pendingCard, REQUEST_ID } from './card-fixtures.ts';
import { assertGolden } from '../../../harness/golden.ts';
import { assertInert, assertViewAccepted } from './slack-assertions.ts';

describe('deny and extend modals', () => {
  test('the deny modal asks for a reason and carries only the request ID', () => {
    const view = renderAskModal('deny', pendingCard);
    assertGolden('slack/deny-modal', view);
    assertViewAccepted(view, 'modal');
    assert.equal(view.callback_id, 'countersign:deny');
    assert.equal(view.private_metadata, REQUEST_ID);
    assert.equal(
      readAskedValue('deny', { reason: { reason: { type: 'plain_text_input', value: '  freeze  ' } } }),
      'freeze',
    );
    assert.equal(
      readAskedValue('deny', { reason: { reason: { type: 'plain_text_input', value: '   ' } } }),
      undefined,
    );
    assert.equal(readAskedValue('deny', {}), undefined);
  });

  test('a hostile title stays inert in the deny modal', () => {
    const view = renderAskModal('deny', hostileCard);
    assertViewAccepted(view, 'modal');
    assertInert(view);
  });

  test('the extend modal offers 30m to 4h with 1h preselected', () => {
    const view = renderAskModal('extend', pendingCard);
    assertGolden('slack/extend-modal', view);
    assertViewAccepted(view, 'modal');
    assert.equal(view.callback_id, 'countersign:extend');
    assert.equal(view.private_metadata, REQUEST_ID);
    const chosen = (value: string): string | undefined =>
      readAskedValue('extend', {
        duration: { duration: { type: 'static_select', selected_option: { value } } },
      });
    assert.equal(chosen('2h'), '2h');
    assert.equal(chosen('99h'), undefined, 'only offered durations are read back');
  });
});
