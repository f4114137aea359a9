import type { types } from '@slack/bolt';
import type { ApprovalCard } from '../../../core/cards/approval-card.ts';
import { MAX_REASON_CHARS } from '../../../core/requests/common-flags.ts';
import { plain, sectionBlock } from './block-kit.ts';
import { escapeSlackCode, escapeSlackText } from './escape-mrkdwn.ts';
import { CALLBACK_IDS } from './interaction-ids.ts';
import { modalView, readViewValue, type ViewStateValues } from './modal-view.ts';
import { SLACK_LIMITS } from './slack-limits.ts';

/** Block and action ID of the deny modal's reason input. */
export const DENY_REASON_ID = 'reason';

/**
 * The modal that asks an approver why they deny a request: callback
 * `countersign:deny`, the request ID (only) as `private_metadata`, one required
 * single-purpose reason input of at most 500 characters (the same limit as `--reason`).
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
      {
        type: 'input',
        block_id: DENY_REASON_ID,
        label: plain('Why? The requester sees this.', SLACK_LIMITS.inputLabel),
        element: {
          type: 'plain_text_input',
          action_id: DENY_REASON_ID,
          multiline: true,
          min_length: 1,
          max_length: MAX_REASON_CHARS,
          placeholder: plain('e.g. not during the release freeze', SLACK_LIMITS.placeholder),
        },
      },
    ],
  });
}

/** The reason typed into the deny modal, trimmed; undefined when blank. */
export function readDenyReason(values: ViewStateValues): string | undefined {
  return readViewValue(values, DENY_REASON_ID)?.trim() || undefined;
}
