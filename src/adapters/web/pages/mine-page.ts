import type { Principal } from '../../../core/ports/identity.ts';
import type { ConsoleContext } from '../console-deps.ts';
import { CONSOLE_PATHS } from '../console-paths.ts';
import { html } from '../safe-html.ts';
import { cardFor } from './card-for.ts';
import type { PageContent } from './layout.ts';

/** "My requests": the person's requests that have not reached a final state (grants in force included), newest first. */
export async function minePage(ctx: ConsoleContext, person: Principal): Promise<PageContent> {
  const workflow = ctx.deps.workflow;
  const open = await workflow.store.listOpenByRequester(person.username);
  const now = workflow.clock.now();
  const body =
    open.length === 0
      ? html`<p class="empty">
          You have no open requests. <a href="${CONSOLE_PATHS.submit}">File one</a>; finished requests stay on
          the <a href="${CONSOLE_PATHS.audit}">audit timeline</a>.
        </p>`
      : html`<div class="cards">${open.map((r) => cardFor(r, person, ctx.session.csrf, now))}</div>`;
  return { title: 'My requests', nav: 'mine', body, watch: '*' };
}
