import type { UserFacingError } from '../errors.ts';
import type { RequestFormField } from './request-form.ts';

/** Which field a parser error code is about, most specific first. */
const FIELD_OF: readonly (readonly [RegExp, RequestFormField])[] = [
  [/reason/, 'reason'],
  [/namespace/, 'namespace'],
  [/replicas/, 'replicas'],
  [/patch/, 'patch'],
  [/duration/, 'duration'],
  [/incident|break_glass/, 'incident'],
  [/cluster/, 'cluster'],
  [/access_verb|forbidden_verb|resources|verbs|role/, 'role'],
  [/verb/, 'verb'],
  [/kind|target|name|resource/, 'target'],
];

/**
 * The request-form field a refusal of the submitted form is about, for a surface that
 * shows the refusal beside a field: the field its error code names when the form
 * shows it, else the target, the role or the reason, whichever the form shows.
 */
export function refusedFormField(error: UserFacingError, shown: ReadonlySet<string>): RequestFormField {
  const field = FIELD_OF.find(([pattern]) => pattern.test(error.code))?.[1];
  if (field !== undefined && shown.has(field)) return field;
  return (['target', 'role', 'reason'] as const).find((f) => shown.has(f)) ?? 'reason';
}
