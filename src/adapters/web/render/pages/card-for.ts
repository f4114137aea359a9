import { buildApprovalCard } from '../../../../core/cards/build-approval-card.ts';
import type { CardAction } from '../../../../core/cards/approval-card.ts';
import type { RequestRecord } from '../../../../core/lifecycle/request-record.ts';
import { isWaitingToStart } from '../../../../core/lifecycle/waiting-to-start.ts';
import type { Principal } from '../../../../core/ports/identity.ts';
import { renderCard } from '../render-card.ts';
import { html, type SafeHtml } from '../safe-html.ts';

/** Who looks at cards, with the session's CSRF token for their buttons, and when. */
export interface CardViewer {
  readonly viewer: Principal;
  readonly csrfToken: string;
  readonly now: number;
}

/**
 * The card of a request as this viewer sees it: the same neutral card every surface
 * shows, plus Cancel for its requester while it waits for approval or, approved ahead,
 * for its start time. Buttons are shown
 * as on a chat card; the core decides at the click whether this person may use them.
 */
export function cardFor(record: RequestRecord, { viewer, csrfToken, now }: CardViewer): SafeHtml {
  const extraActions: CardAction[] =
    (record.state === 'pending' || isWaitingToStart(record, now)) &&
    record.requester.username === viewer.username
      ? [{ id: 'cancel', label: 'Cancel request', style: 'default', requestId: record.id }]
      : [];
  return renderCard(buildApprovalCard(record, now), { csrfToken, extraActions });
}

/** The cards of `records` as this viewer sees them, as one list. */
export function cardList(records: readonly RequestRecord[], seen: CardViewer): SafeHtml {
  return html`<div class="cards">${records.map((r) => cardFor(r, seen))}</div>`;
}

/** A titled panel of the cards of `records` (`className` styles it), or nothing when there are none. */
export function cardPanel(
  title: string,
  className: string,
  records: readonly RequestRecord[],
  seen: CardViewer,
): SafeHtml | '' {
  if (records.length === 0) return '';
  return html`<section class="panel ${className}">
    <h2>${title}</h2>
    ${cardList(records, seen)}
  </section>`;
}
