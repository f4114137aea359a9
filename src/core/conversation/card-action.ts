import { UserFacingError } from '../errors.ts';
import type { Principal } from '../ports/identity.ts';
import { parseDuration } from '../requests/duration.ts';
import { asTyped } from '../requests/examples.ts';
import { cancelRequest } from '../workflow/cancel-request.ts';
import { decideRequest } from '../workflow/decide-request.ts';
import { extendAccess, revokeAccess } from '../workflow/manage-grant.ts';
import type { MutationOutcome } from '../workflow/mutate-request.ts';
import { reviewBreakGlass } from '../workflow/review-break-glass.ts';
import { withStepUp } from '../workflow/with-step-up.ts';
import type { StepUpNeeded } from './command-outcome.ts';
import type { ConversationDeps } from './conversation-deps.ts';
import { outcomeText, type RequestAction } from './outcome-text.ts';

/** One button click on a request, as every surface's ingress translates it. */
export interface CardActionInput {
  readonly action: RequestAction;
  readonly requestId: string;
  /** The clicker, resolved at this click. */
  readonly person: Principal;
  /** Deny only: why, as typed (required; the requester sees it). */
  readonly reason?: string;
  /** Extend only: how much longer, as `--for` reads it (`1h`). */
  readonly duration?: string;
}

/** What a click did: the request after it and the neutral sentence for the clicker, or the step-up link first. */
export type CardActionOutcome =
  | {
      readonly kind: 'done';
      readonly action: RequestAction;
      readonly outcome: MutationOutcome;
      readonly text: string;
    }
  | StepUpNeeded;

/**
 * Carries out one card button — approve, deny, cancel, extend, revoke, acknowledge —
 * for every surface alike. The core checks the clicker at this moment (approver groups
 * now, never the requester, distinct approvers, grant holder); every change is
 * compare-and-set, so a double click changes nothing twice and says so. Approve may
 * answer with a step-up link where policy wants a fresh sign-in and step-up is
 * configured. A deny without a reason and an unreadable duration are refused with
 * `UserFacingError`s, as every other refusal is thrown.
 */
export async function runCardAction(
  deps: ConversationDeps,
  input: CardActionInput,
): Promise<CardActionOutcome> {
  const { workflow } = deps;
  const { action, requestId, person } = input;
  const done = (outcome: MutationOutcome): CardActionOutcome => ({
    kind: 'done',
    action,
    outcome,
    text: outcomeText(action, outcome),
  });
  switch (action) {
    case 'approve': {
      const result = await withStepUp(deps.stepUp, { kind: 'approve', requestId, person }, () =>
        decideRequest(workflow, { requestId, person, verdict: 'approve' }),
      );
      return 'stepUpUrl' in result
        ? { kind: 'step-up', message: result.message, url: result.stepUpUrl }
        : done(result.done);
    }
    case 'deny': {
      const reason = (input.reason ?? '').trim();
      if (reason === '') {
        throw new UserFacingError(
          'deny_reason_required',
          'Say why you deny it; the requester sees the reason.',
        );
      }
      return done(await decideRequest(workflow, { requestId, person, verdict: 'deny', reason }));
    }
    case 'cancel':
      return done(await cancelRequest(workflow, requestId, person));
    case 'extend': {
      const seconds = parseDuration(input.duration ?? '', asTyped(`extend ${requestId} --for 1h`));
      return done(await extendAccess(workflow, requestId, person, seconds));
    }
    case 'revoke':
      return done(await revokeAccess(workflow, requestId, person));
    case 'acknowledge':
      return done(await reviewBreakGlass(workflow, requestId, person));
  }
}
