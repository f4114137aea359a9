import type { CardAction } from '../../core/cards/approval-card.ts';
import { requestTitle } from '../../core/cards/request-title.ts';
import { formatCardTime } from '../../core/cards/format-time.ts';
import { IllegalTransitionError, NotAuthorizedError, UserFacingError } from '../../core/errors.ts';
import { progress } from '../../core/lifecycle/progress.ts';
import type { Principal } from '../../core/ports/identity.ts';
import { parseDuration } from '../../core/requests/duration.ts';
import { cancelRequest } from '../../core/workflow/cancel-request.ts';
import { decideRequest } from '../../core/workflow/decide-request.ts';
import { extendAccess, revokeAccess } from '../../core/workflow/manage-grant.ts';
import type { MutationOutcome } from '../../core/workflow/mutate-request.ts';
import { reviewBreakGlass } from '../../core/workflow/review-break-glass.ts';
import { withStepUp } from '../../core/workflow/with-step-up.ts';
import type { ConsoleContext } from './console-deps.ts';
import { CONSOLE_PATHS } from './console-paths.ts';
import { publishChange } from './publish-change.ts';
import { redirect, sendJson, wantsJson } from './respond.ts';
import { userMessage } from './user-message.ts';

/** The card buttons the console accepts, as they appear in `/requests/:id/:action`. */
export const CARD_ACTIONS: readonly CardAction['id'][] = [
  'approve',
  'deny',
  'cancel',
  'extend',
  'revoke',
  'acknowledge',
];

/**
 * A card button: `POST /requests/:id/:action`. The request ID comes from the path and
 * nothing else from the card; the person is the session's; the core checks, at this
 * click, everything a chat click is checked for (never the requester, approver groups
 * now, distinct approvers, step-up, grant holder); a `step_up_required` refusal starts
 * step-up when it is configured and sends the browser to its link. console.js gets JSON
 * `{ ok, message, location? }`; a form post without script gets a flash message and a
 * redirect to the request.
 */
export async function onCardAction(
  ctx: ConsoleContext,
  person: Principal,
  requestId: string,
  action: CardAction['id'],
): Promise<void> {
  const logger = ctx.deps.logger.child({ requestId, action, user: person.username });
  const back = CONSOLE_PATHS.request(requestId);
  try {
    const result = await act(ctx, person, requestId, action);
    if ('stepUpUrl' in result) {
      logger.info('console approve needs step-up');
      const message = `${result.message} Opening the sign-in…`;
      reply(ctx, 401, { ok: false, message, location: result.stepUpUrl }, result.stepUpUrl);
      return;
    }
    const { message, outcome } = result;
    if (outcome.changed) await publishChange(ctx.deps, outcome.record);
    logger.info({ changed: outcome.changed, version: outcome.record.version }, 'console action');
    reply(ctx, 200, { ok: true, message }, back);
  } catch (error) {
    reply(ctx, statusFor(error), { ok: false, message: userMessage(error, logger) }, back);
  }
}

type ActResult = { message: string; outcome: MutationOutcome } | { message: string; stepUpUrl: string };

async function act(
  ctx: ConsoleContext,
  person: Principal,
  requestId: string,
  action: CardAction['id'],
): Promise<ActResult> {
  const workflow = ctx.deps.workflow;
  const form = ctx.form ?? new URLSearchParams();
  const what = (o: MutationOutcome): string => `${requestTitle(o.record.request)} (${o.record.id})`;
  switch (action) {
    case 'approve': {
      const result = await withStepUp(ctx.deps.stepUp, { kind: 'approve', requestId, person }, () =>
        decideRequest(workflow, { requestId, person, verdict: 'approve' }),
      );
      if ('stepUpUrl' in result) return result;
      const outcome = result.done;
      const message = outcome.changed
        ? `You approved ${what(outcome)}: ${progress(outcome.record).text}.`
        : `Your approval of ${what(outcome)} was already recorded; nothing changed.`;
      return { message, outcome };
    }
    case 'deny': {
      const reason = (form.get('reason') ?? '').replace(/\s+/g, ' ').trim();
      if (reason === '') {
        throw new UserFacingError(
          'deny_reason_required',
          'Say why you deny it; the requester sees the reason.',
        );
      }
      const outcome = await decideRequest(workflow, { requestId, person, verdict: 'deny', reason });
      const message = outcome.changed
        ? `You denied ${what(outcome)}.`
        : `${what(outcome)} is already ${outcome.record.state}; nothing changed.`;
      return { message, outcome };
    }
    case 'cancel': {
      const outcome = await cancelRequest(workflow, requestId, person);
      const message = outcome.changed
        ? `You cancelled ${what(outcome)}.`
        : `${what(outcome)} is already ${outcome.record.state}; nothing changed.`;
      return { message, outcome };
    }
    case 'extend': {
      const seconds = parseDuration(form.get('duration') ?? '', 'extend cs-k7m2q4x5ba --for 1h');
      const outcome = await extendAccess(workflow, requestId, person, seconds);
      const until = outcome.record.grant ? formatCardTime(outcome.record.grant.expiresAt) : 'its end';
      return { message: `${what(outcome)} now lasts until ${until}.`, outcome };
    }
    case 'acknowledge': {
      const outcome = await reviewBreakGlass(workflow, requestId, person);
      const message = outcome.changed
        ? `You acknowledged the break-glass run of ${what(outcome)}.`
        : `The break-glass run of ${what(outcome)} was already acknowledged; nothing changed.`;
      return { message, outcome };
    }
    case 'revoke': {
      const outcome = await revokeAccess(workflow, requestId, person);
      const message = outcome.changed
        ? `You revoked ${what(outcome)}.`
        : `${what(outcome)} is already ${outcome.record.state}; nothing changed.`;
      return { message, outcome };
    }
  }
}

function statusFor(error: unknown): number {
  if (error instanceof NotAuthorizedError) return 403;
  if (error instanceof IllegalTransitionError) return 409;
  if (error instanceof UserFacingError) return error.code === 'request_not_found' ? 404 : 422;
  return 500;
}

function reply(
  ctx: ConsoleContext,
  status: number,
  body: { ok: boolean; message: string; location?: string },
  location: string,
): void {
  if (wantsJson(ctx.req)) {
    sendJson(ctx.res, status, body);
    return;
  }
  ctx.deps.flash.set(ctx.res, { text: body.message, tone: body.ok ? 'good' : 'bad' });
  redirect(ctx.res, location);
}
