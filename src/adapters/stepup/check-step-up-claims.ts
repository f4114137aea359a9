import { formatCardTime } from '../../core/cards/format-time.ts';
import type { StepUpEvidence } from '../../core/lifecycle/request-record.ts';
import type { SignedInIdentity } from './signed-in-identity.ts';
import { StepUpFailedError } from './step-up-failure.ts';

/** What a step-up sign-in must show to count. */
export interface StepUpRequirements {
  /** The `acr` the token must carry (`OIDC_REQUIRED_ACR`); undefined accepts any. */
  readonly requiredAcr?: string;
  /** Every `amr` value the token must list (`OIDC_REQUIRED_AMR`), e.g. `mfa`. */
  readonly requiredAmr: readonly string[];
  /** When the person clicked (ms): the sign-in must come after it. */
  readonly clickedAt: number;
  /** Now (ms): a sign-in may not claim to be in the future. */
  readonly now: number;
  /** Allowed clock difference between Countersign and the provider, ms. */
  readonly toleranceMs: number;
}

/**
 * Turns a verified sign-in into step-up evidence, or throws a {@link StepUpFailedError}
 * saying what was missing: a sign-in at or after the click (`auth_time`, to the second,
 * within the tolerance; a provider that reused an earlier session fails here), the
 * required `acr`, and every required `amr`. It does not check who signed in (see
 * `isSamePerson`).
 */
export function checkStepUpClaims(identity: SignedInIdentity, needs: StepUpRequirements): StepUpEvidence {
  const authTime = identity.authTime;
  if (authTime === undefined) {
    throw new StepUpFailedError(
      'step_up_not_fresh',
      'The identity provider did not say when you signed in (no auth_time), so the sign-in cannot count. Ask an admin to check the provider.',
    );
  }
  const clickedSecond = Math.floor(needs.clickedAt / 1000) * 1000;
  if (authTime < clickedSecond - needs.toleranceMs) {
    throw new StepUpFailedError(
      'step_up_not_fresh',
      `The identity provider reused a sign-in from ${formatCardTime(authTime)} instead of asking you again, so it cannot count. Start again and sign in when asked.`,
    );
  }
  if (authTime > needs.now + needs.toleranceMs) {
    throw new StepUpFailedError(
      'step_up_not_fresh',
      'The identity provider dated your sign-in in the future (its clock and Countersign’s disagree), so it cannot count. Ask an admin to check the clocks.',
    );
  }
  if (needs.requiredAcr !== undefined && identity.acr !== needs.requiredAcr) {
    throw new StepUpFailedError(
      'step_up_acr',
      `Your sign-in was at level "${identity.acr ?? 'none'}", but "${needs.requiredAcr}" is required. Sign in again with your second factor (authenticator app or security key).`,
    );
  }
  const missing = needs.requiredAmr.filter((method) => !identity.amr.includes(method));
  if (missing.length > 0) {
    throw new StepUpFailedError(
      'step_up_amr',
      `Your sign-in used ${identity.amr.join(', ') || 'no listed method'}, but ${missing.join(' and ')} is required. Sign in again with your second factor (authenticator app or security key).`,
    );
  }
  return {
    issuer: identity.issuer,
    subject: identity.subject,
    ...(identity.acr === undefined ? {} : { acr: identity.acr }),
    amr: [...identity.amr],
    authTime,
  };
}
