import type { types } from '@slack/bolt';
import type { ApprovalCard } from '../../../core/cards/approval-card.ts';
import { CARD_ACTION_FIELDS } from '../../../core/conversation/card-action-fields.ts';
import { sectionBlock } from './block-kit.ts';
import { escapeSlackCode, escapeSlackText } from './escape-mrkdwn.ts';
import { CALLBACK_IDS } from './interaction-ids.ts';
import { formFieldBlock } from './form-field-block.ts';
import { modalView, readViewValue, type ViewStateValues } from './modal-view.ts';

/** Block and action ID of the deny modal's reason input. */
export const DENY_REASON_ID = CARD_ACTION_FIELDS.reason.id;

/**
 * The modal that asks an approver why they deny a request: callback
 * `countersign:deny`, the request ID (only) as `private_metadata`, and the core's
 * deny reason field ({@link CARD_ACTION_FIELDS}), required, at most as long as `--reason`.
 */
export function renderDenyModal(card: Pick<ApprovalCard, 'requestId' | 'title'>): types.ModalView {
  const title = escapeSlackText(card.title, { maxLines: 1, maxLength: 300 });
  return modalView({
    callbackId: CALLBACK_IDS.deny,
    title: 'Deny request',
    submit: 'Deny',
    privateMetadata: card.requestId,
    blocks: [
      sectionBlock(`Deny *${title}* (\`${escapeSlackCode(card.requestId, 100)}\`)?`, { blockId: 'what' }),
      formFieldBlock(CARD_ACTION_FIELDS.reason),
    ],
  });
}

/** The reason typed into the deny modal, trimmed; undefined when blank. */
export function readDenyReason(values: ViewStateValues): string | undefined {
  return readViewValue(values, DENY_REASON_ID)?.trim() || undefined;
}
