import type { Principal } from './identity.ts';

/**
 * What a person was doing when policy asked them to sign in again: approving a
 * request (the approver's click), or filing one (the requester's text, for break-glass
 * and the most sensitive access). The step-up adapter carries it out once the fresh
 * sign-in is verified, with the evidence attached.
 */
export type StepUpIntent =
  | { readonly kind: 'approve'; readonly requestId: string; readonly person: Principal }
  | { readonly kind: 'file'; readonly text: string; readonly requester: Principal };

/**
 * Starts a step-up (OpenID Connect re-authentication) for one intent. A surface calls
 * it when the core refuses with `step_up_required` and shows the returned link to the
 * person alone (Slack: ephemeral); the link is short-lived and works once. Nothing
 * counts until the sign-in completes and is verified.
 */
export interface StepUpPort {
  /** The single-use URL to show privately; rejects if the step-up cannot be started. */
  begin(intent: StepUpIntent): Promise<string>;
}
