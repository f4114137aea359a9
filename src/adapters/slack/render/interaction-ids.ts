import type { CardAction } from '../../../core/cards/approval-card.ts';
import type { RequestFormField } from '../../../core/conversation/request-form.ts';

/** The `action_id` of a card button: `countersign:approve`, `countersign:deny`, ... Its `value` is the request ID. */
export function cardActionId(action: CardAction['id']): `countersign:${CardAction['id']}` {
  return `countersign:${action}`;
}

/** `callback_id`s of the modals; a `view_submission` listener matches on these. */
export const CALLBACK_IDS = {
  deny: 'countersign:deny',
  extend: 'countersign:extend',
  form: 'countersign:form',
  fullChange: 'countersign:full-change',
} as const;

/** `action_id` of a patch card's "Show full change" button; its `value` is the request ID. */
export const SHOW_CHANGE_ACTION_ID = 'countersign:show-change';

/** `action_id` of the request form's action/access choice, which dispatches so the form can be re-rendered. */
export const FORM_KIND_ACTION_ID = 'countersign:form-kind';

/** The `action_id` inside a request form block: its core field name, except the action/access choice. */
export function formActionId(field: RequestFormField): string {
  return field === 'kind' ? FORM_KIND_ACTION_ID : field;
}
