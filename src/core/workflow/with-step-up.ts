import { RefusalError } from '../lifecycle/refusal-error.ts';
import type { StepUpIntent, StepUpPort } from '../ports/step-up.ts';

/** What a surface shows: the workflow's result, or why a sign-in is needed and the link to it. */
export type StepUpOutcome<T> =
  | { readonly done: T }
  | {
      /** The single-use link to show the person alone. */
      readonly stepUpUrl: string;
      /** Why: the core's refusal message, safe to show. */
      readonly message: string;
    };

/**
 * Runs one approve or file call and, when the core refuses with `step_up_required`,
 * starts a step-up for `intent` instead of failing, so every surface handles step-up
 * in one place. Any other error, or `step_up_required` when no step-up is configured
 * (`stepUp` undefined), is thrown as it was.
 */
export async function withStepUp<T>(
  stepUp: StepUpPort | undefined,
  intent: StepUpIntent,
  run: () => Promise<T>,
): Promise<StepUpOutcome<T>> {
  try {
    return { done: await run() };
  } catch (error) {
    if (!stepUp || !(error instanceof RefusalError) || error.code !== 'step_up_required') throw error;
    return { stepUpUrl: await stepUp.begin(intent), message: error.message };
  }
}
