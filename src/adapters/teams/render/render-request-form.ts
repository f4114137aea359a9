import type { UserFacingError } from '../../../core/errors.ts';
import type { RequestForm } from '../../../core/conversation/request-form.ts';
import type { RequestFormChoices } from '../../../core/conversation/request-form-choices.ts';
import {
  requestFormLayout,
  requestFormSections,
  type FormFieldLayout,
} from '../../../core/conversation/request-form-layout.ts';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardElement } from './adaptive-card.ts';
import { CARD_VERBS } from './card-verbs.ts';
import { escapeCardText } from './escape-card-text.ts';
import { teamsSpelled } from './teams-example.ts';

/** Most choices one drop-down offers; longer lists are cut (the field then also takes typed text via the command). */
const MAX_CHOICES = 100;
/** Longest text a field takes where the layout sets no limit. */
const TEXT_MAX_LENGTH = 2000;

/** What the form offers. */
export interface RequestFormOptions extends RequestFormChoices {
  /** Values to show again (after a refusal), by field. */
  readonly values?: RequestForm;
  /** Why the last submit was refused, shown above the fields. */
  readonly error?: UserFacingError;
}

/**
 * The `k8s-request` form as one Adaptive Card: the core's {@link requestFormLayout}
 * for every kind at once, in its {@link requestFormSections} under their headings; one
 * Request button (Action.Execute `countersign.form`) whose inputs become command text
 * for the same parser as a typed command. A field for one kind names it in its label;
 * only fields every request needs are marked required. A refusal re-renders the form
 * with the message on top and the values kept.
 */
export function renderRequestForm(options: RequestFormOptions): AdaptiveCard {
  const body: CardElement[] = [
    textBlock('Request a change', { size: 'large', weight: 'bolder', style: 'heading' }),
  ];
  if (options.error) {
    body.push(
      textBlock(escapeCardText(options.error.message, { maxLines: 5, maxLength: 1000 }), {
        id: 'error',
        color: 'attention',
      }),
    );
    if (options.error.example) {
      const example = escapeCardText(teamsSpelled(options.error.example), { maxLines: 1, maxLength: 500 });
      body.push(textBlock(`Example: ${example}`, { id: 'example', isSubtle: true }));
    }
  }
  for (const section of requestFormSections(requestFormLayout(options, { values: options.values ?? {} }))) {
    if (section.title !== undefined)
      body.push(textBlock(section.title, { weight: 'bolder', separator: true }));
    body.push(...section.fields.map(fieldElement));
  }
  return adaptiveCard('Request a change with k8s-request', body, [
    { type: 'Action.Execute', id: 'request', title: 'Request', verb: CARD_VERBS.form },
  ]);
}

/** One input: a choice set (cut to 100), or a text field where there is nothing to offer, or the field's `noChoices` note. */
function fieldElement(field: FormFieldLayout): CardElement {
  const label = field.scope === undefined ? field.label : `${field.label} (${field.scope})`;
  const required = field.required && field.kinds.length > 1;
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
      placeholder: `Choose ${field.label.toLowerCase()}`,
      choices,
      ...(value !== undefined && { value }),
      ...(required && { isRequired: true, errorMessage: `Choose ${label.toLowerCase()}.` }),
    };
  }
  const maxLength = field.maxLength ?? TEXT_MAX_LENGTH;
  const placeholder = field.scope === undefined ? (field.hint ?? field.placeholder) : field.placeholder;
  return {
    type: 'Input.Text',
    id: field.id,
    label,
    ...(placeholder !== undefined && { placeholder }),
    ...(field.input === 'multiline' && { isMultiline: true }),
    maxLength,
    ...(required && { isRequired: true, errorMessage: `${label} is required.` }),
    ...(field.initial !== undefined && { value: field.initial.slice(0, maxLength) }),
  };
}
