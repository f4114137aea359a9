/**
 * IDs of the request form's inputs, which are also the keys of the submitted data.
 * `kind` chooses between an action and access; the others are the request's parts.
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
} as const;

/** One of the form's inputs. */
export type FormField = keyof typeof FORM_FIELDS;

/** Submitted form values by field, as strings (Teams sends every input as a string). */
export type FormValues = Partial<Readonly<Record<FormField, string>>>;

/** Grant lengths the form offers for access, as `--for` reads them. */
export const FORM_DURATIONS = ['15m', '30m', '1h', '2h', '4h', '8h'] as const;

/** Reads the form's fields out of an invoke's `data`, ignoring anything else and any non-string value. */
export function readFormValues(data: unknown): FormValues {
  if (typeof data !== 'object' || data === null) return {};
  const source = data as Record<string, unknown>;
  const values: Partial<Record<FormField, string>> = {};
  for (const field of Object.keys(FORM_FIELDS) as FormField[]) {
    const value = source[FORM_FIELDS[field]];
    if (typeof value === 'string') values[field] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) values[field] = String(value);
  }
  return values;
}
