import { requestFormChoices } from '../../../../core/conversation/request-form-choices.ts';
import {
  requestFormLayout,
  requestFormSections,
  type FormSection,
} from '../../../../core/conversation/request-form-layout.ts';
import { COMMAND_PREFIX, EXAMPLES } from '../../../../core/requests/examples.ts';
import type { ConsoleContext } from '../../console-deps.ts';
import { CONSOLE_PATHS } from '../../console-paths.ts';
import { formField } from '../form-field.ts';
import { html, type SafeHtml } from '../../../http/safe-html.ts';
import type { PageContent } from './layout.ts';

/** What the submit page shows besides its inputs: the text kept after an error, the error, or a command's answer. */
export interface SubmitPageState {
  readonly text?: string;
  readonly error?: string;
  readonly answer?: { readonly title: string; readonly body: SafeHtml };
}

const SHOWN_EXAMPLES = [
  EXAMPLES.scale,
  EXAMPLES.restart,
  EXAMPLES.access,
  EXAMPLES.explain,
  EXAMPLES.help,
] as const;
/** How long the page waits for the default cluster's namespaces before it is sent without suggestions. */
const NAMESPACES_WAIT_MS = 1_000;

/**
 * The submit page: one line in the `/k8s-request` grammar (prefix optional), or the core's
 * request form with what every surface's form offers (`requestFormChoices`), and the
 * state after a post: the text kept, the core's error, or a command's answer.
 */
export async function submitPage(ctx: ConsoleContext, state: SubmitPageState = {}): Promise<PageContent> {
  const csrf = ctx.session.csrf;
  const choices = await requestFormChoices(ctx.deps, ctx.deps.logger, NAMESPACES_WAIT_MS);
  const body = html`<section class="panel">
      <form method="post" action="${CONSOLE_PATHS.submit}" class="command-form">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <label for="command">Type a request as you would in chat (${COMMAND_PREFIX} is optional)</label>
        <div class="command-row">
          <input
            id="command"
            name="text"
            class="command"
            type="text"
            autocomplete="off"
            spellcheck="false"
            value="${state.text ?? ''}"
            placeholder="${EXAMPLES.scale}"
          /><button type="submit" class="btn primary">Send</button>
        </div>
      </form>
      ${state.error !== undefined ? html`<div class="error" role="alert"><pre>${state.error}</pre></div>` : ''}
      ${
        state.answer
          ? html`<section class="answer">
              <h2>${state.answer.title}</h2>
              ${state.answer.body}
            </section>`
          : ''
      }
      <details class="examples">
        <summary>Examples</summary>
        <ul>
          ${SHOWN_EXAMPLES.map((e) => html`<li><code>${e}</code></li>`)}
        </ul>
      </details>
    </section>
    <section class="panel">
      <h2>Or fill in the form</h2>
      <form method="post" action="${CONSOLE_PATHS.submit}" class="request-form">
        <input type="hidden" name="_csrf" value="${csrf}" /><input type="hidden" name="mode" value="form" />
        ${requestFormSections(requestFormLayout(choices)).map(section)}
        <button type="submit" class="btn primary">File request</button>
      </form>
    </section>`;
  return { title: 'New request', nav: 'submit', body };
}

/** A run of the form's fields; one kind's run is hidden by the stylesheet while the other kind is chosen. */
function section({ title, kinds, fields }: FormSection): SafeHtml {
  const shown = fields.map((f) => formField(f, { required: f.required && f.kinds.length > 1 }));
  if (title === undefined) return html`${shown}`;
  return html`<div class="for-${kinds.length > 1 ? 'both' : kinds[0]}">
    <h3>${title}</h3>
    ${shown}
  </div>`;
}
