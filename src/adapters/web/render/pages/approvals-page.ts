import { personLists } from '../../../../core/conversation/person-lists.ts';
import type { Principal } from '../../../../core/ports/identity.ts';
import type { ConsoleContext } from '../../console-deps.ts';
import { html } from '../safe-html.ts';
import { cardList, cardPanel } from './card-for.ts';
import type { PageContent } from './layout.ts';

/**
 * "Approvals": break-glass runs of others waiting for the person's review (Acknowledge),
 * oldest first; pending requests waiting on one of the person's approver groups (on-call
 * groups they are on call for now included) that they have not approved yet, oldest
 * first, each with its card; then those their groups approved ahead of a start time
 * that has not come, soonest start first. An on-call service that cannot answer shows
 * as a note above the list (see src/core/conversation/person-lists.ts).
 */
export async function approvalsPage(ctx: ConsoleContext, person: Principal): Promise<PageContent> {
  const workflow = ctx.deps.workflow;
  const lists = await personLists(workflow, person);
  const groups = lists.approverGroups;
  const pending = lists.needsYou;
  const { approving } = lists.waitingToStart;
  const seen = { viewer: person, csrfToken: ctx.session.csrf, now: workflow.clock.now() };
  const notes = html`${lists.notes.map((note) => html`<p class="note on-call-unavailable">${note}</p>`)}`;
  const intro =
    groups.length === 0
      ? html`<p class="empty">
          You are in no approver group of the current policy, so nothing waits for you.
        </p>`
      : html`<p class="muted">You approve for ${groups.join(', ')}.</p>`;
  const body = html`${notes}${intro}${cardPanel(
    'Break-glass runs to review',
    'break-glass-review',
    lists.breakGlassToReview,
    seen,
  )}${
    groups.length > 0 && pending.length === 0
      ? html`<p class="empty">Nothing waits for your approval.</p>`
      : cardList(pending, seen)
  }${cardPanel('Approved, waiting to start', 'waiting-to-start', approving, seen)}`;
  return { title: 'Approvals', nav: 'approvals', body, watch: '*' };
}
