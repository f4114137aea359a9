import { UserFacingError } from '../errors.ts';
import type { AccessRequest, ActionRequest } from '../requests/request-types.ts';
import { refusedFormField } from './refused-form-field.ts';
import {
  formToCommandText,
  parseFormRequest,
  type RequestForm,
  type RequestFormField,
} from './request-form.ts';

/** A submitted request form read by the one grammar: ready to file, or refused beside one field. */
export type FormSubmission =
  | { readonly kind: 'ready'; readonly text: string; readonly request: ActionRequest | AccessRequest }
  | { readonly kind: 'refused'; readonly field: RequestFormField; readonly error: UserFacingError };

/**
 * Reads a submitted request form as a typed command is read ({@link formToCommandText},
 * {@link parseFormRequest}): the request with its command text, or the grammar's refusal
 * with the field it is about among those the form `shown` ({@link refusedFormField}).
 * Anything but a refusal propagates.
 */
export function readFormSubmission(form: RequestForm, shown: ReadonlySet<string>): FormSubmission {
  const text = formToCommandText(form);
  try {
    return { kind: 'ready', text, request: parseFormRequest(text) };
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    return { kind: 'refused', field: refusedFormField(error, shown), error };
  }
}
