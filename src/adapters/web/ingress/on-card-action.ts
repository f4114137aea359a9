import type { CardAction } from '../../../core/cards/approval-card.ts';
import { runCardAction } from '../../../core/conversation/card-action.ts';
import { IllegalTransitionError, NotAuthorizedError, UserFacingError } from '../../../core/errors.ts';
import type { Principal } from '../../../core/ports/identity.ts';
import type { ConsoleContext } from '../console-deps.ts';
import { CONSOLE_PATHS } from '../console-paths.ts';
import { publishChange } from '../chat/publish-change.ts';
import { redirect, sendJson, wantsJson } from '../../http/respond.ts';
import { userMessage } from '../render/user-message.ts';

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
  const form = ctx.form ?? new URLSearchParams();
  try {
    const result = await runCardAction(ctx.deps, {
      action,
      requestId,
      person,
      reason: (form.get('reason') ?? '').replace(/\s+/g, ' '),
      duration: form.get('duration') ?? '',
    });
    if (result.kind === 'step-up') {
      logger.info('console approve needs step-up');
      const message = `${result.message} Opening the sign-in…`;
      reply(ctx, 401, { ok: false, message, location: result.url }, result.url);
      return;
    }
    const { outcome } = result;
    if (outcome.changed) await publishChange(ctx.deps, outcome.record);
    logger.info({ changed: outcome.changed, version: outcome.record.version }, 'console action');
    reply(ctx, 200, { ok: true, message: result.text }, back);
  } catch (error) {
    reply(ctx, statusFor(error), { ok: false, message: userMessage(error, logger) }, back);
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
