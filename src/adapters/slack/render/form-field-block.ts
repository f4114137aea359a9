import type { types } from '@slack/bolt';
import type { FormFieldLayout } from '../../../core/conversation/request-form-layout.ts';
import { plain, sectionBlock, type SlackBlock } from './block-kit.ts';
import { formActionId } from './interaction-ids.ts';
import { SLACK_LIMITS } from './slack-limits.ts';

/**
 * One field of a core form layout as an input block (block ID the field's name); a
 * select with nothing to offer becomes a text input, or its `noChoices` note.
 */
export function formFieldBlock(field: FormFieldLayout): SlackBlock {
  const action_id = formActionId(field.id);
  const options = (field.choices ?? [])
    .filter((c) => c.value.length <= SLACK_LIMITS.optionValue)
    .slice(0, SLACK_LIMITS.selectOptions)
    .map((c) => ({ text: plain(c.title, SLACK_LIMITS.optionText), value: c.value }));
  const initial_option = options.find((o) => o.value === field.initial);
  const chosen = initial_option && { initial_option };
  const placeholder = field.placeholder && {
    placeholder: plain(field.placeholder, SLACK_LIMITS.placeholder),
  };
  if (field.input === 'radio')
    return inputBlock(field, { type: 'radio_buttons', action_id, options, ...chosen });
  if (field.input === 'select' && options.length === 0 && field.noChoices !== undefined) {
    return sectionBlock(field.noChoices, { blockId: field.id });
  }
  if (field.input === 'select' && options.length > 0) {
    return inputBlock(field, { type: 'static_select', action_id, ...placeholder, options, ...chosen });
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
  const multiline = field.input === 'multiline';
  return inputBlock(field, {
    type: 'plain_text_input',
    action_id,
    ...(multiline && { multiline }),
    ...(multiline && field.required && { min_length: 1 }),
    max_length: Math.min(field.maxLength ?? SLACK_LIMITS.inputMaxLength, SLACK_LIMITS.inputMaxLength),
    ...(field.input === 'select' ? {} : placeholder),
    ...(field.initial !== undefined && { initial_value: field.initial }),
  });
}

/** An input block; a select keeps `optional` and `hint` after its element, the order the goldens hold. */
function inputBlock(field: FormFieldLayout, element: types.InputBlock['element']): types.InputBlock {
  const optional = !field.required && { optional: true };
  const hint = field.hint !== undefined && { hint: plain(field.hint, SLACK_LIMITS.inputHint) };
  const label = plain(field.label, SLACK_LIMITS.inputLabel);
  const head = {
    type: 'input',
    block_id: field.id,
    ...(field.input === 'radio' && { dispatch_action: true }),
  } as const;
  return field.input === 'select'
    ? { ...head, label, element, ...optional, ...hint }
    : { ...head, ...optional, label, ...hint, element };
}
