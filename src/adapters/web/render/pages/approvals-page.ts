import { personLists } from '../../../../core/conversation/person-lists.ts';
import type { Principal } from '../../../../core/ports/identity.ts';
import type { ConsoleContext } from '../../console-deps.ts';
import { html } from '../safe-html.ts';
import { cardFor } from './card-for.ts';
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
  const now = workflow.clock.now();
  const notes = html`${lists.notes.map((note) => html`<p class="note on-call-unavailable">${note}</p>`)}`;
  const intro =
    groups.length === 0
      ? html`<p class="empty">
          You are in no approver group of the current policy, so nothing waits for you.
        </p>`
      : html`<p class="muted">You approve for ${groups.join(', ')}.</p>`;
  const review =
    lists.breakGlassToReview.length > 0
      ? html`<section class="panel break-glass-review">
          <h2>Break-glass runs to review</h2>
          <div class="cards">
            ${lists.breakGlassToReview.map((r) => cardFor(r, person, ctx.session.csrf, now))}
          </div>
        </section>`
      : '';
  const body = html`${notes}${intro}${review}${
    groups.length > 0 && pending.length === 0
      ? html`<p class="empty">Nothing waits for your approval.</p>`
      : html`<div class="cards">${pending.map((r) => cardFor(r, person, ctx.session.csrf, now))}</div>`
  }${
    approving.length > 0
      ? html`<section class="panel waiting-to-start">
          <h2>Approved, waiting to start</h2>
          <div class="cards">${approving.map((r) => cardFor(r, person, ctx.session.csrf, now))}</div>
        </section>`
      : ''
  }`;
  return { title: 'Approvals', nav: 'approvals', body, watch: '*' };
}
