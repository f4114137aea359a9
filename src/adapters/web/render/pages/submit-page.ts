import { requestFormChoices } from '../../../../core/conversation/request-form-choices.ts';
import { ACTION_VERBS } from '../../../../core/requests/request-types.ts';
import { COMMAND_PREFIX, EXAMPLES } from '../../../../core/requests/examples.ts';
import type { ConsoleContext } from '../../console-deps.ts';
import { CONSOLE_PATHS } from '../../console-paths.ts';
import { html, type SafeHtml } from '../safe-html.ts';
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
const DURATIONS = ['15m', '30m', '1h', '2h', '4h', '8h'] as const;
/** How long the page waits for the default cluster's namespaces before it is sent without suggestions. */
const NAMESPACES_WAIT_MS = 1_000;

/**
 * The request page: one line in the same grammar as `/k8s-request` (the prefix may be
 * typed or left out), or the form as an alternative, which builds the same command
 * text, offering what every surface's form offers (`requestFormChoices`: clusters,
 * the default cluster's namespaces as suggestions, grantable roles). Errors are the parser's and the core's own messages, with the typed text kept.
 */
export async function submitPage(ctx: ConsoleContext, state: SubmitPageState = {}): Promise<PageContent> {
  const csrf = ctx.session.csrf;
  const choices = await requestFormChoices(ctx.deps, ctx.deps.logger, NAMESPACES_WAIT_MS);
  const roles = choices.grantableRoles.flatMap((r) =>
    r.scopes.map((s) => (s === 'cluster' ? `clusterrole/${r.name}` : `role/${r.name}`)),
  );
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
        <fieldset>
          <legend>Kind</legend>
          <label><input type="radio" name="kind" value="action" checked /> One action</label>
          <label><input type="radio" name="kind" value="access" /> Temporary access</label>
        </fieldset>
        ${select('cluster', 'Cluster', choices.clusters, choices.defaultCluster)}
        <div class="for-action">
          ${select('verb', 'Action', ACTION_VERBS)} ${field('target', 'Target (KIND/NAME)', 'deployment/api')}
          ${field('replicas', 'Replicas (scale only)', '5', 'number')}
          ${field('patch', 'Patch (patch only, JSON merge patch)', '{"spec":{"paused":true}}')}
        </div>
        <div class="for-access">
          ${select('role', 'Role', roles)} ${select('duration', 'For', DURATIONS, '1h')}
        </div>
        ${field('namespace', 'Namespace', 'prod-payments', 'text', 'namespaces')}
        <datalist id="namespaces">
          ${choices.namespaces.map((n) => html`<option value="${n}"></option>`)}
        </datalist>
        ${field('reason', 'Reason (required)', 'INC-4312 load')}
        ${field('incident', 'Incident (optional)', 'INC-4312')}
        <button type="submit" class="btn primary">File request</button>
      </form>
    </section>`;
  return { title: 'New request', nav: 'submit', body };
}

function field(name: string, label: string, placeholder: string, type = 'text', list?: string): SafeHtml {
  return html`<label class="field"
    >${label}<input
      name="${name}"
      type="${type}"
      autocomplete="off"
      placeholder="${placeholder}"
      ${list ? html`list="${list}"` : ''}
  /></label>`;
}

function select(name: string, label: string, options: readonly string[], selected?: string): SafeHtml {
  return html`<label class="field"
    >${label}<select name="${name}">
      ${options.map((o) => html`<option value="${o}" ${o === selected ? html` selected` : ''}>${o}</option>`)}
    </select></label
  >`;
}
