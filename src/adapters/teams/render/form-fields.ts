import type { RequestForm, RequestFormField } from '../../../core/conversation/request-form.ts';

/**
 * IDs of the request form's inputs, which are also the keys of the submitted data
 * (the core's form field names, so `readRequestForm` reads them back).
 */
export const FORM_FIELDS = {
  kind: 'kind',
  cluster: 'cluster',
  verb: 'verb',
  target: 'target',
  namespace: 'namespace',
  replicas: 'replicas',
  patch: 'patch',
  role: 'role',
  duration: 'duration',
  reason: 'reason',
  incident: 'incident',
} as const satisfies Readonly<Record<RequestFormField, RequestFormField>>;

/** One of the form's inputs. */
export type FormField = RequestFormField;

/** Submitted form values by field, as strings (Teams sends every input as a string). */
export type FormValues = RequestForm;

/** Grant lengths the form offers for access, as `--for` reads them. */
export const FORM_DURATIONS = ['15m', '30m', '1h', '2h', '4h', '8h'] as const;
