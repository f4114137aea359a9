import type { types } from '@slack/bolt';
import type { RequestFormChoices } from '../../../core/conversation/request-form-choices.ts';
import {
  requestFormLayout,
  type FormFieldLayout,
  type RequestFormKind,
} from '../../../core/conversation/request-form-layout.ts';
import { plain, sectionBlock, type SlackBlock } from './block-kit.ts';
import { CALLBACK_IDS, formActionId } from './interaction-ids.ts';
import { modalView } from './modal-view.ts';
import { SLACK_LIMITS } from './slack-limits.ts';

export { formValuesToCommandText } from './form-values-to-command-text.ts';

/** What the form offers; lists longer than Slack's 100 options are cut to the first 100. */
export interface RequestFormOptions extends RequestFormChoices {
  /** Which variant to show; the app re-renders on `countersign:form-kind`. Default `action`. */
  readonly kind?: RequestFormKind;
  /** Opaque to the form, e.g. the channel the command was typed in (at most 3000 characters). */
  readonly privateMetadata?: string;
}

/**
 * The `/k8s-request` modal (callback `countersign:form`): the core's
 * {@link requestFormLayout} for one kind at a time, each field one input block whose
 * block ID is the field's name. Changing the action/access choice dispatches, so the
 * app re-renders the other variant. Submitted values go through
 * {@link formValuesToCommandText} and the same parser as a typed command.
 */
export function renderRequestForm(options: RequestFormOptions): types.ModalView {
  return modalView({
    callbackId: CALLBACK_IDS.form,
    title: 'Request a change',
    submit: 'Request',
    ...(options.privateMetadata !== undefined && { privateMetadata: options.privateMetadata }),
    blocks: requestFormLayout(options, { kind: options.kind ?? 'action' }).map(fieldBlock),
  });
}

/** A select (cut to Slack's limits), or, where there is nothing to offer, a text input or the field's `noChoices` note. */
function fieldBlock(field: FormFieldLayout): SlackBlock {
  const action_id = formActionId(field.id);
  const options = (field.choices ?? [])
    .filter((c) => c.value.length <= SLACK_LIMITS.optionValue)
    .slice(0, SLACK_LIMITS.selectOptions)
    .map((c) => ({ text: plain(c.title, SLACK_LIMITS.optionText), value: c.value }));
  const initial_option = options.find((o) => o.value === field.initial);
  const chosen = initial_option && { initial_option };
  if (field.input === 'radio')
    return inputBlock(field, { type: 'radio_buttons', action_id, options, ...chosen });
  if (field.input === 'select' && options.length === 0 && field.noChoices !== undefined) {
    return sectionBlock(field.noChoices, { blockId: field.id });
  }
  if (field.input === 'select' && options.length > 0) {
    const placeholder = plain(`Choose ${field.label.toLowerCase()}`, SLACK_LIMITS.placeholder);
    return inputBlock(field, { type: 'static_select', action_id, placeholder, options, ...chosen });
  }
  if (field.input === 'number') {
    return inputBlock(field, {
      type: 'number_input',
      action_id,
      is_decimal_allowed: false,
      min_value: String(field.min ?? 0),
      ...(field.max !== undefined && { max_value: String(field.max) }),
      ...(field.initial !== undefined && /^\d+$/.test(field.initial) && { initial_value: field.initial }),
    });
  }
  return inputBlock(field, {
    type: 'plain_text_input',
    action_id,
    ...(field.input === 'multiline' && { multiline: true }),
    max_length: Math.min(field.maxLength ?? SLACK_LIMITS.inputMaxLength, SLACK_LIMITS.inputMaxLength),
    ...(field.placeholder && { placeholder: plain(field.placeholder, SLACK_LIMITS.placeholder) }),
    ...(field.initial !== undefined && { initial_value: field.initial }),
  });
}

/** An input block; a select keeps `optional` and `hint` after its element, the order the goldens hold. */
function inputBlock(field: FormFieldLayout, element: types.InputBlock['element']): types.InputBlock {
  const optional = !field.required && { optional: true };
  const hint = field.hint !== undefined && { hint: plain(field.hint, SLACK_LIMITS.inputHint) };
  const head = {
    type: 'input',
    block_id: field.id,
    ...(field.input === 'radio' && { dispatch_action: true }),
  } as const;
  return field.input === 'select'
    ? { ...head, label: plain(field.label), element, ...optional, ...hint }
    : { ...head, ...optional, label: plain(field.label), ...hint, element };
}
