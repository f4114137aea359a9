import { personLists } from '../../../../core/conversation/person-lists.ts';
import { isWaitingToStart } from '../../../../core/lifecycle/waiting-to-start.ts';
import type { Principal } from '../../../../core/ports/identity.ts';
import type { ConsoleContext } from '../../console-deps.ts';
import { CONSOLE_PATHS } from '../../console-paths.ts';
import { html } from '../safe-html.ts';
import { cardList, cardPanel } from './card-for.ts';
import type { PageContent } from './layout.ts';

/**
 * "My requests": the person's requests that have not reached a final state (grants in
 * force included), newest first; those approved ahead of their start time apart, soonest
 * start first, each with its start time and Cancel.
 */
export async function minePage(ctx: ConsoleContext, person: Principal): Promise<PageContent> {
  const workflow = ctx.deps.workflow;
  const open = (await personLists(workflow, person)).mineOpen;
  const now = workflow.clock.now();
  const seen = { viewer: person, csrfToken: ctx.session.csrf, now };
  const waiting = open
    .filter((r) => isWaitingToStart(r, now))
    .sort((a, b) => (a.startAt ?? 0) - (b.startAt ?? 0));
  const others = open.filter((r) => !isWaitingToStart(r, now));
  const body =
    open.length === 0
      ? html`<p class="empty">
          You have no open requests. <a href="${CONSOLE_PATHS.submit}">File one</a>; finished requests stay on
          the <a href="${CONSOLE_PATHS.audit}">audit timeline</a>.
        </p>`
      : html`${cardPanel('Approved, waiting to start', 'waiting-to-start', waiting, seen)}${cardList(others, seen)}`;
  return { title: 'My requests', nav: 'mine', body, watch: '*' };
}
