import type { CardAction } from '../../../core/cards/approval-card.ts';
import { runCardAction } from '../../../core/conversation/card-action.ts';
import { IllegalTransitionError, NotAuthorizedError, UserFacingError } from '../../../core/errors.ts';
import type { Principal } from '../../../core/ports/identity.ts';
import type { ConsoleContext } from '../console-deps.ts';
import { CONSOLE_PATHS } from '../console-paths.ts';
import { redirect, sendJson, wantsJson } from '../../http/respond.ts';
import { userMessage } from '../render/user-message.ts';

/**
 * A card button, `POST /requests/:id/:action`: the ID from the path, the person from
 * the session, the rest decided by the core's {@link runCardAction} at this click (a
 * `step_up_required` refusal sends the browser to the step-up link). console.js gets
 * JSON `{ ok, message, location? }`; a plain form post a flash and a redirect.
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
      return reply(ctx, 401, { ok: false, message, location: result.url }, result.url);
    }
    const { changed, record } = result.outcome;
    if (changed) await ctx.deps.announce(record);
    logger.info({ changed, version: record.version }, 'console action');
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
  if (wantsJson(ctx.req)) return sendJson(ctx.res, status, body);
  ctx.deps.flash.set(ctx.res, { text: body.message, tone: body.ok ? 'good' : 'bad' });
  redirect(ctx.res, location);
}
