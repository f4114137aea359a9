import type { UserFacingError } from '../../../core/errors.ts';
import type { RequestForm } from '../../../core/conversation/request-form.ts';
import type { RequestFormChoices } from '../../../core/conversation/request-form-choices.ts';
import { requestFormLayout, requestFormSections } from '../../../core/conversation/request-form-layout.ts';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardElement } from './adaptive-card.ts';
import { CARD_VERBS } from './card-verbs.ts';
import { escapeCardText } from './escape-card-text.ts';
import { formFieldElement } from './form-field-element.ts';
import { teamsSpelled } from './teams-example.ts';

/** What the form offers; after a refusal, the values to show again and why, above the fields. */
export interface RequestFormOptions extends RequestFormChoices {
  readonly values?: RequestForm;
  readonly error?: UserFacingError;
}

/**
 * The `k8s-request` form as one Adaptive Card: the core's {@link requestFormLayout} for
 * every kind at once, in its sections; one Request button (`countersign.form`) whose
 * inputs become command text for the typed command's parser. A refusal re-renders it with
 * the message on top and the values kept.
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
    body.push(...section.fields.map((f) => formFieldElement(f, f.required && f.kinds.length > 1)));
  }
  return adaptiveCard('Request a change with k8s-request', body, [
    { type: 'Action.Execute', id: 'request', title: 'Request', verb: CARD_VERBS.form },
  ]);
}
