import { UserFacingError } from '../../core/errors.ts';

/** Why a step-up did not count, one stable code each. */
export type StepUpFailureCode =
  | 'step_up_link_expired'
  | 'step_up_expired'
  | 'step_up_other_browser'
  | 'step_up_idp_error'
  | 'step_up_unverified'
  | 'step_up_not_fresh'
  | 'step_up_acr'
  | 'step_up_amr'
  | 'step_up_wrong_person'
  | 'step_up_unavailable';

/**
 * A step-up that did not count, with a message the person can act on (shown on the
 * result page; it names no secret). Nothing was approved or filed.
 */
export class StepUpFailedError extends UserFacingError {
  override readonly code: StepUpFailureCode;
  /** HTTP status of the result page. */
  readonly status: number;

  constructor(code: StepUpFailureCode, message: string, status = 403) {
    super(code, message);
    this.code = code;
    this.status = status;
  }
}
