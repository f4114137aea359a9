import type { FormFieldLayout } from '../../../core/conversation/request-form-layout.ts';
import { textBlock, type CardElement } from './adaptive-card.ts';
import { teamsSpelled } from './teams-example.ts';

/** Most choices one drop-down offers; longer lists are cut (the field then also takes typed text via the command). */
const MAX_CHOICES = 100;
/** Longest text a field takes where the layout sets no limit. */
const TEXT_MAX_LENGTH = 2000;

/**
 * One field of a core form layout as an Adaptive Card input (ID the field's name): a
 * choice set (at most 100), a number, a text field (also where a choice field has nothing
 * to offer), or its `noChoices` note. Cards show no hint line, so a field whose label
 * names no scope shows its hint as placeholder; `required` (default the field's own) sets
 * `isRequired` with the field's refusal.
 */
export function formFieldElement(field: FormFieldLayout, required = field.required): CardElement {
  const label = field.scope === undefined ? field.label : `${field.label} (${field.scope})`;
  const choices = (field.choices ?? []).slice(0, MAX_CHOICES);
  if (field.input === 'number') {
    const value =
      field.initial !== undefined && /^\d+$/.test(field.initial) ? Number(field.initial) : undefined;
    return {
      type: 'Input.Number',
      id: field.id,
      label,
      min: field.min,
      max: field.max,
      ...(value !== undefined && { value }),
    };
  }
  if (choices.length === 0 && field.noChoices !== undefined) {
    return textBlock(teamsSpelled(field.noChoices), { id: field.id, isSubtle: true });
  }
  if (choices.length > 0) {
    const value = choices.some((c) => c.value === field.initial) ? field.initial : undefined;
    return {
      type: 'Input.ChoiceSet',
      id: field.id,
      label,
      style: field.input === 'radio' ? 'expanded' : 'compact',
      ...(field.placeholder !== undefined && { placeholder: field.placeholder }),
      choices,
      ...(value !== undefined && { value }),
      ...(required && { isRequired: true, errorMessage: field.refusal ?? `Choose ${label.toLowerCase()}.` }),
    };
  }
  const maxLength = field.maxLength ?? TEXT_MAX_LENGTH;
  const placeholder =
    field.input === 'select'
      ? undefined
      : field.scope === undefined
        ? (field.hint ?? field.placeholder)
        : field.placeholder;
  return {
    type: 'Input.Text',
    id: field.id,
    label,
    ...(placeholder !== undefined && { placeholder }),
    ...(field.input === 'multiline' && { isMultiline: true }),
    maxLength,
    ...(required && { isRequired: true, errorMessage: field.refusal ?? `${label} is required.` }),
    ...(field.initial !== undefined && { value: field.initial.slice(0, maxLength) }),
  };
}
