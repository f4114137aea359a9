import { personLists } from '../../../../core/conversation/person-lists.ts';
import { isWaitingToStart } from '../../../../core/lifecycle/waiting-to-start.ts';
import type { Principal } from '../../../../core/ports/identity.ts';
import type { ConsoleContext } from '../../console-deps.ts';
import { CONSOLE_PATHS } from '../../console-paths.ts';
import { html } from '../../../http/safe-html.ts';
import { cardList, cardViewer } from './card-for.ts';
import type { PageContent } from './layout.ts';

/** "My requests": the person's unfinished requests, newest first; those approved ahead of their start time apart, soonest first. */
export async function minePage(ctx: ConsoleContext, person: Principal): Promise<PageContent> {
  const open = (await personLists(ctx.deps.workflow, person)).mineOpen;
  const seen = cardViewer(ctx, person);
  const waiting = open
    .filter((r) => isWaitingToStart(r, seen.now))
    .sort((a, b) => (a.startAt ?? 0) - (b.startAt ?? 0));
  const panel = { title: 'Approved, waiting to start', className: 'waiting-to-start' };
  const body =
    open.length === 0
      ? html`<p class="empty">
          You have no open requests. <a href="${CONSOLE_PATHS.submit}">File one</a>; finished requests stay on
          the <a href="${CONSOLE_PATHS.audit}">audit timeline</a>.
        </p>`
      : html`${cardList(waiting, seen, panel)}${cardList(
          open.filter((r) => !isWaitingToStart(r, seen.now)),
          seen,
        )}`;
  return { title: 'My requests', nav: 'mine', body, watch: '*' };
}
