import {
  formToCommandText,
  REQUEST_FORM_FIELDS,
  type RequestForm,
  type RequestFormField,
} from '../../../core/conversation/request-form.ts';
import { readViewValue, type ViewStateValues } from './modal-view.ts';
import { formActionId } from './interaction-ids.ts';

/** Reads the `/k8s-request` modal's submitted state into the core's neutral {@link RequestForm}. */
export function readSlackForm(values: ViewStateValues): RequestForm {
  const form: Partial<Record<RequestFormField, string>> = {};
  for (const field of REQUEST_FORM_FIELDS) {
    const value = readViewValue(values, field, formActionId(field));
    if (value !== undefined) form[field] = value;
  }
  return form;
}

/**
 * Turns a submitted `/k8s-request` modal into the command text `parseCommand` reads,
 * through the core's one form model ({@link formToCommandText}).
 */
export function formValuesToCommandText(values: ViewStateValues): string {
  return formToCommandText(readSlackForm(values));
}
