import { personLists } from '../../../../core/conversation/person-lists.ts';
import type { Principal } from '../../../../core/ports/identity.ts';
import type { ConsoleContext } from '../../console-deps.ts';
import { html } from '../../../http/safe-html.ts';
import { cardList, cardViewer } from './card-for.ts';
import type { PageContent } from './layout.ts';

/** "Grants": access in force that the person holds or approves for, soonest expiry first, with time left, Extend and Revoke now. */
export async function grantsPage(ctx: ConsoleContext, person: Principal): Promise<PageContent> {
  const lists = await personLists(ctx.deps.workflow, person);
  const grants = [...lists.grantsHeld, ...lists.grantsApproved].sort(
    (a, b) => (a.grant?.expiresAt ?? 0) - (b.grant?.expiresAt ?? 0),
  );
  const body =
    grants.length === 0
      ? html`<p class="empty">
          No access granted through Countersign is in force for you or your approver groups.
        </p>`
      : cardList(grants, cardViewer(ctx, person));
  return { title: 'Grants', nav: 'grants', body, watch: '*' };
}
