import {
  formToCommandText,
  parseFormRequest,
  readRequestForm,
  REQUEST_FORM_FIELDS,
} from '../../../core/conversation/request-form.ts';
import { runCommand } from '../../../core/conversation/run-command.ts';
import { parseCommand } from '../../../core/requests/parse-command.ts';
import { withoutCommandPrefix } from '../../../core/conversation/command-text.ts';
import { commandResult } from '../render/command-result.ts';
import type { ConsoleContext } from '../console-deps.ts';
import { sendPage } from '../render/pages/send-page.ts';
import { submitPage } from '../render/pages/submit-page.ts';
import { redirect } from '../../http/respond.ts';
import { userMessage } from '../render/user-message.ts';

/**
 * `POST /submit`: the typed line, or the form read by the core's form grammar
 * ({@link parseFormRequest}), goes to the core. A filed request sends the person to its
 * page; an answer (help, whoami, explain) or any error re-renders the page, text kept.
 */
export async function onSubmit(
  ctx: ConsoleContext,
  person: NonNullable<ConsoleContext['person']>,
): Promise<void> {
  const form = ctx.form ?? new URLSearchParams();
  const byForm = form.get('mode') === 'form';
  const text = byForm
    ? formToCommandText(readRequestForm(Object.fromEntries(REQUEST_FORM_FIELDS.map((f) => [f, form.get(f)]))))
    : withoutCommandPrefix(form.get('text') ?? '');
  try {
    const command = byForm ? parseFormRequest(text) : parseCommand(text);
    if (command.type === 'form') {
      const error = 'Type a request, or fill in the form below.';
      return sendPage(ctx, await submitPage(ctx, { error }), 422);
    }
    const result = commandResult(await runCommand(ctx.deps, command, person, text));
    if (result.kind === 'answer') return sendPage(ctx, await submitPage(ctx, { text, answer: result }));
    if (result.changed) await ctx.deps.announce(result.changed);
    if (result.message !== undefined) ctx.deps.flash.set(ctx.res, { text: result.message, tone: 'good' });
    redirect(ctx.res, result.location);
  } catch (error) {
    const shown = userMessage(error, ctx.deps.logger.child({ user: person.username }));
    await sendPage(ctx, await submitPage(ctx, { text, error: shown }), 422);
  }
}
