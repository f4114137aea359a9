import type { types } from '@slack/bolt';
import type { ApprovalCard } from '../../../core/cards/approval-card.ts';
import { CARD_ACTION_FIELDS, EXTEND_DURATIONS } from '../../../core/conversation/card-action-fields.ts';
import { sectionBlock } from './block-kit.ts';
import { escapeSlackCode, escapeSlackText } from './escape-mrkdwn.ts';
import { CALLBACK_IDS } from './interaction-ids.ts';
import { formFieldBlock } from './form-field-block.ts';
import { modalView, readViewValue, type ViewStateValues } from './modal-view.ts';

/** The card buttons that ask one thing in a modal before they act. */
export type AskingAction = 'deny' | 'extend';

/** Per asking button: the modal's title, submit label, question mark, and the core's field it asks. */
const ASKS = {
  deny: { title: 'Deny request', submit: 'Deny', mark: '?', field: CARD_ACTION_FIELDS.reason },
  extend: { title: 'Extend access', submit: 'Extend', mark: '', field: CARD_ACTION_FIELDS.duration },
} as const;

/** The core field an asking modal shows: its block and action ID, and the refusal when left blank. */
export function askedField(action: AskingAction): { readonly id: string; readonly refusal: string } {
  return ASKS[action].field;
}

/**
 * The modal Deny or Extend opens (callback `countersign:deny` / `countersign:extend`,
 * the request ID as `private_metadata`): the request named above the core's field
 * ({@link CARD_ACTION_FIELDS}: Deny's reason, Extend's length).
 */
export function renderAskModal(
  action: AskingAction,
  card: Pick<ApprovalCard, 'requestId' | 'title'>,
): types.ModalView {
  const ask = ASKS[action];
  const title = escapeSlackText(card.title, { maxLines: 1, maxLength: 300 });
  const id = escapeSlackCode(card.requestId, 100);
  return modalView({
    callbackId: CALLBACK_IDS[action],
    title: ask.title,
    submit: ask.submit,
    privateMetadata: card.requestId,
    blocks: [
      sectionBlock(`${ask.submit} *${title}* (\`${id}\`)${ask.mark}`, { blockId: 'what' }),
      formFieldBlock(ask.field),
    ],
  });
}

/**
 * What was submitted in an asking modal: the deny reason, trimmed, or the chosen
 * extension (one of {@link EXTEND_DURATIONS}); undefined when blank or not offered.
 */
export function readAskedValue(action: AskingAction, values: ViewStateValues): string | undefined {
  const value = readViewValue(values, ASKS[action].field.id);
  if (action === 'deny') return value?.trim() || undefined;
  return EXTEND_DURATIONS.find((d) => d === value);
}
