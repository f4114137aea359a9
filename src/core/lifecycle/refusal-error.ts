import { NotAuthorizedError } from '../errors.ts';

/** Stable codes for each reason the lifecycle refuses a person. */
export type RefusalCode =
  | 'self_approval'
  | 'not_an_approver'
  | 'step_up_required'
  | 'not_the_requester'
  | 'not_allowed_to_extend'
  | 'not_allowed_to_revoke'
  | 'max_duration_exceeded'
  | 'extension_needs_approval'
  | 'break_glass_not_allowed'
  | 'on_call_unavailable';

/**
 * A {@link NotAuthorizedError} with a narrower code, so adapters can react to one
 * reason (e.g. start step-up on `step_up_required`) while `instanceof
 * NotAuthorizedError` still holds. The message is safe to show the person.
 */
export class RefusalError extends NotAuthorizedError {
  override readonly code: RefusalCode;

  constructor(code: RefusalCode, message: string) {
    super(message);
    this.code = code;
  }
}
