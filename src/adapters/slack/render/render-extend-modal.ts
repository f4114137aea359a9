import type { types } from '@slack/bolt';
import type { ApprovalCard } from '../../../core/cards/approval-card.ts';
import { plain, sectionBlock } from './block-kit.ts';
import { escapeSlackCode, escapeSlackText } from './escape-mrkdwn.ts';
import { CALLBACK_IDS } from './interaction-ids.ts';
import { modalView, readViewValue, type ViewStateValues } from './modal-view.ts';
import { SLACK_LIMITS } from './slack-limits.ts';

/** Block and action ID of the extend modal's duration select. */
export const EXTEND_DURATION_ID = 'duration';

/** The lengths an extension may add, as `--for` reads them. */
export const EXTEND_DURATIONS = ['30m', '1h', '2h', '4h'] as const;

/**
 * The modal that asks how much longer a grant should last: callback
 * `countersign:extend`, the request ID (only) as `private_metadata`, a select of
 * 30m, 1h, 2h, 4h (1h preselected). Policy still caps the total at submit.
 */
export function renderExtendModal(card: Pick<ApprovalCard, 'requestId' | 'title'>): types.ModalView {
  const title = escapeSlackText(card.title, { maxLines: 1, maxLength: 300 });
  const options = EXTEND_DURATIONS.map((d) => ({ text: plain(d, SLACK_LIMITS.optionText), value: d }));
  return modalView({
    callbackId: CALLBACK_IDS.extend,
    title: 'Extend access',
    submit: 'Extend',
    privateMetadata: card.requestId,
    blocks: [
      sectionBlock(`Extend *${title}* (\`${escapeSlackCode(card.requestId, 100)}\`)`, { blockId: 'what' }),
      {
        type: 'input',
        block_id: EXTEND_DURATION_ID,
        label: plain('Add', SLACK_LIMITS.inputLabel),
        element: {
          type: 'static_select',
          action_id: EXTEND_DURATION_ID,
          options,
          initial_option: options[1]!,
        },
      },
    ],
  });
}

/** The chosen extension (`30m`, `1h`, ...), or undefined when none of {@link EXTEND_DURATIONS} was submitted. */
export function readExtendDuration(values: ViewStateValues): (typeof EXTEND_DURATIONS)[number] | undefined {
  const value = readViewValue(values, EXTEND_DURATION_ID);
  return EXTEND_DURATIONS.find((d) => d === value);
}
