import { buildApprovalCard } from '../../../../core/cards/build-approval-card.ts';
import type { CardAction } from '../../../../core/cards/approval-card.ts';
import type { RequestRecord } from '../../../../core/lifecycle/request-record.ts';
import { isWaitingToStart } from '../../../../core/lifecycle/waiting-to-start.ts';
import type { Principal } from '../../../../core/ports/identity.ts';
import type { ConsoleContext } from '../../console-deps.ts';
import { renderCard } from '../render-card.ts';
import { html, type SafeHtml } from '../../../http/safe-html.ts';

/** Who looks at cards, with the session's CSRF token for their buttons, and when. */
export interface CardViewer {
  readonly viewer: Principal;
  readonly csrfToken: string;
  readonly now: number;
}

/** The signed-in person of this request as a {@link CardViewer}, as of now. */
export function cardViewer(ctx: ConsoleContext, viewer: Principal): CardViewer {
  return { viewer, csrfToken: ctx.session.csrf, now: ctx.deps.workflow.clock.now() };
}

/**
 * The neutral card of a request, plus Cancel for its requester while it waits for
 * approval or for its start time; the core decides at the click who may use a button.
 */
export function cardFor(record: RequestRecord, { viewer, csrfToken, now }: CardViewer): SafeHtml {
  const extraActions: CardAction[] =
    (record.state === 'pending' || isWaitingToStart(record, now)) &&
    record.requester.username === viewer.username
      ? [{ id: 'cancel', label: 'Cancel request', style: 'default', requestId: record.id }]
      : [];
  return renderCard(buildApprovalCard(record, now), { csrfToken, extraActions });
}

/** The cards of `records` as one list, in a titled panel (styled by `className`) when given a title and only when there are some. */
export function cardList(
  records: readonly RequestRecord[],
  seen: CardViewer,
  panel?: { readonly title: string; readonly className: string },
): SafeHtml | '' {
  const cards = html`<div class="cards">${records.map((r) => cardFor(r, seen))}</div>`;
  if (!panel) return cards;
  if (records.length === 0) return '';
  return html`<section class="panel ${panel.className}">
    <h2>${panel.title}</h2>
    ${cards}
  </section>`;
}
