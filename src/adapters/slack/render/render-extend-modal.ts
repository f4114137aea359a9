import type { types } from '@slack/bolt';
import type { ApprovalCard } from '../../../core/cards/approval-card.ts';
import { CARD_ACTION_FIELDS, EXTEND_DURATIONS } from '../../../core/conversation/card-action-fields.ts';
import { sectionBlock } from './block-kit.ts';
import { escapeSlackCode, escapeSlackText } from './escape-mrkdwn.ts';
import { CALLBACK_IDS } from './interaction-ids.ts';
import { formFieldBlock } from './form-field-block.ts';
import { modalView, readViewValue, type ViewStateValues } from './modal-view.ts';

/** Block and action ID of the extend modal's duration select. */
export const EXTEND_DURATION_ID = CARD_ACTION_FIELDS.duration.id;

/**
 * The modal that asks how much longer a grant should last: callback
 * `countersign:extend`, the request ID (only) as `private_metadata`, and the core's
 * duration field ({@link CARD_ACTION_FIELDS}: 30m, 1h, 2h, 4h, 1h preselected).
 * Policy still caps the total at submit.
 */
export function renderExtendModal(card: Pick<ApprovalCard, 'requestId' | 'title'>): types.ModalView {
  const title = escapeSlackText(card.title, { maxLines: 1, maxLength: 300 });
  return modalView({
    callbackId: CALLBACK_IDS.extend,
    title: 'Extend access',
    submit: 'Extend',
    privateMetadata: card.requestId,
    blocks: [
      sectionBlock(`Extend *${title}* (\`${escapeSlackCode(card.requestId, 100)}\`)`, { blockId: 'what' }),
      formFieldBlock(CARD_ACTION_FIELDS.duration),
    ],
  });
}

/** The chosen extension (`30m`, `1h`, ...), or undefined when none of {@link EXTEND_DURATIONS} was submitted. */
export function readExtendDuration(values: ViewStateValues): (typeof EXTEND_DURATIONS)[number] | undefined {
  const value = readViewValue(values, EXTEND_DURATION_ID);
  return EXTEND_DURATIONS.find((d) => d === value);
}
