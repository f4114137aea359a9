import type { UserFacingError } from '../../../core/errors.ts';
import type { RequestFormField } from '../../../core/conversation/request-form.ts';

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
 * The input block of the request form to show a parser refusal under (Slack's
 * `response_action: errors` must name an input block present in the view): the
 * field the error code is about when the form has it, else the target, the role or
 * the reason, whichever the form shows.
 */
export function formErrorBlock(error: UserFacingError, inputBlocks: ReadonlySet<string>): string {
  const field = FIELD_OF.find(([pattern]) => pattern.test(error.code))?.[1];
  if (field !== undefined && inputBlocks.has(field)) return field;
  const fallback = (['target', 'role', 'reason'] as const).find((b) => inputBlocks.has(b));
  return fallback ?? 'reason';
}
