import type { UserFacingError } from '../../core/errors.ts';
import { FORM_BLOCK_IDS } from './render/request-form-ids.ts';

type FormBlock = (typeof FORM_BLOCK_IDS)[keyof typeof FORM_BLOCK_IDS];

/** Which field a parser error code is about, most specific first. */
const FIELD_OF: readonly (readonly [RegExp, FormBlock])[] = [
  [/reason/, FORM_BLOCK_IDS.reason],
  [/namespace/, FORM_BLOCK_IDS.namespace],
  [/replicas/, FORM_BLOCK_IDS.replicas],
  [/patch/, FORM_BLOCK_IDS.patch],
  [/duration/, FORM_BLOCK_IDS.duration],
  [/incident|break_glass/, FORM_BLOCK_IDS.incident],
  [/cluster/, FORM_BLOCK_IDS.cluster],
  [/access_verb|forbidden_verb|resources|verbs|role/, FORM_BLOCK_IDS.role],
  [/verb/, FORM_BLOCK_IDS.verb],
  [/kind|target|name|resource/, FORM_BLOCK_IDS.target],
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
  const fallback = [FORM_BLOCK_IDS.target, FORM_BLOCK_IDS.role, FORM_BLOCK_IDS.reason].find((b) =>
    inputBlocks.has(b),
  );
  return fallback ?? FORM_BLOCK_IDS.reason;
}
