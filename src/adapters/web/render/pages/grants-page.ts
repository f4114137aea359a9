import { personLists } from '../../../../core/conversation/person-lists.ts';
import type { Principal } from '../../../../core/ports/identity.ts';
import type { ConsoleContext } from '../../console-deps.ts';
import { html } from '../safe-html.ts';
import { cardList } from './card-for.ts';
import type { PageContent } from './layout.ts';

/** "Grants": access in force that the person holds or approves for, soonest expiry first, with time left, Extend and Revoke now. */
export async function grantsPage(ctx: ConsoleContext, person: Principal): Promise<PageContent> {
  const workflow = ctx.deps.workflow;
  const lists = await personLists(workflow, person);
  const grants = [...lists.grantsHeld, ...lists.grantsApproved].sort(
    (a, b) => (a.grant?.expiresAt ?? 0) - (b.grant?.expiresAt ?? 0),
  );
  const body =
    grants.length === 0
      ? html`<p class="empty">
          No access granted through Countersign is in force for you or your approver groups.
        </p>`
      : cardList(grants, { viewer: person, csrfToken: ctx.session.csrf, now: workflow.clock.now() });
  return { title: 'Grants', nav: 'grants', body, watch: '*' };
}
