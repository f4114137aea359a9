import { personLists } from '../../../../core/conversation/person-lists.ts';
import type { Principal } from '../../../../core/ports/identity.ts';
import type { ConsoleContext } from '../../console-deps.ts';
import { html } from '../../../http/safe-html.ts';
import { cardList, cardViewer } from './card-for.ts';
import type { PageContent } from './layout.ts';

/**
 * "Approvals", oldest first: break-glass runs of others to review, pending requests
 * waiting on one of the person's approver groups (on call now included) that they have
 * not approved, then those their groups approved ahead of a start time, soonest first;
 * an on-call service that cannot answer shows as a note above.
 */
export async function approvalsPage(ctx: ConsoleContext, person: Principal): Promise<PageContent> {
  const lists = await personLists(ctx.deps.workflow, person);
  const groups = lists.approverGroups;
  const seen = cardViewer(ctx, person);
  const review = { title: 'Break-glass runs to review', className: 'break-glass-review' };
  const waiting = { title: 'Approved, waiting to start', className: 'waiting-to-start' };
  const body = html`${lists.notes.map((note) => html`<p class="note on-call-unavailable">${note}</p>`)}${
    groups.length === 0
      ? html`<p class="empty">
          You are in no approver group of the current policy, so nothing waits for you.
        </p>`
      : html`<p class="muted">You approve for ${groups.join(', ')}.</p>`
  }${cardList(lists.breakGlassToReview, seen, review)}${
    groups.length > 0 && lists.needsYou.length === 0
      ? html`<p class="empty">Nothing waits for your approval.</p>`
      : cardList(lists.needsYou, seen)
  }${cardList(lists.waitingToStart.approving, seen, waiting)}`;
  return { title: 'Approvals', nav: 'approvals', body, watch: '*' };
}
