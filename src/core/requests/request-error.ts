import { UserFacingError } from '../errors.ts';

/** Every code the request grammar raises; stable, so adapters and tests may match on them. */
export const REQUEST_ERROR_CODES = [
  'input_too_long',
  'unbalanced_quote',
  'unknown_verb',
  'missing_target',
  'missing_kind',
  'missing_name',
  'unknown_kind',
  'unsupported_kind',
  'invalid_name',
  'missing_namespace',
  'invalid_namespace',
  'namespace_not_allowed',
  'unknown_flag',
  'flag_not_applicable',
  'duplicate_flag',
  'missing_value',
  'unexpected_value',
  'unexpected_argument',
  'missing_reason',
  'invalid_reason',
  'reason_too_long',
  'invalid_incident',
  'invalid_cluster',
  'break_glass_needs_incident',
  'invalid_start',
  'missing_replicas',
  'invalid_replicas',
  'missing_patch',
  'invalid_patch',
  'patch_too_large',
  'invalid_revision',
  'missing_duration',
  'bad_duration',
  'missing_resources',
  'missing_verbs',
  'unknown_access_verb',
  'forbidden_verb',
  'unknown_resource',
  'cluster_scoped_resource',
  'invalid_access_rule',
  'missing_request_id',
  'invalid_request_id',
  'unknown_help_topic',
  'missing_request',
  'not_a_change_request',
] as const;

/** One of {@link REQUEST_ERROR_CODES}. */
export type RequestErrorCode = (typeof REQUEST_ERROR_CODES)[number];

/**
 * The only error the request grammar throws: a {@link UserFacingError} whose code is a
 * {@link RequestErrorCode}, whose message names the offending input, and whose example
 * is a complete correct command the person can copy.
 */
export class InvalidRequestError extends UserFacingError {
  override readonly code: RequestErrorCode;
  override readonly example: string;

  constructor(code: RequestErrorCode, message: string, example: string) {
    super(code, message, example);
    this.code = code;
    this.example = example;
  }
}

const SHOWN_MAX = 60;

/**
 * Quotes a piece of user input for an error message, cut to a readable length. The
 * result is still user text: chat adapters escape it like any other.
 */
export function showToken(value: string): string {
  const chars = [...value];
  const cut = chars.length > SHOWN_MAX ? `${chars.slice(0, SHOWN_MAX).join('')}…` : value;
  return `'${cut}'`;
}
