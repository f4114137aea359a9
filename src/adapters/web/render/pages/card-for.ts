import { buildApprovalCard } from '../../../../core/cards/build-approval-card.ts';
import type { CardAction } from '../../../../core/cards/approval-card.ts';
import type { RequestRecord } from '../../../../core/lifecycle/request-record.ts';
import { isWaitingToStart } from '../../../../core/lifecycle/waiting-to-start.ts';
import type { Principal } from '../../../../core/ports/identity.ts';
import { renderCard } from '../render-card.ts';
import type { SafeHtml } from '../safe-html.ts';

/**
 * The card of a request as this viewer sees it: the same neutral card every surface
 * shows, plus Cancel for its requester while it waits for approval or, approved ahead,
 * for its start time. Buttons are shown
 * as on a chat card; the core decides at the click whether this person may use them.
 */
export function cardFor(record: RequestRecord, viewer: Principal, csrfToken: string, now: number): SafeHtml {
  const extraActions: CardAction[] =
    (record.state === 'pending' || isWaitingToStart(record, now)) &&
    record.requester.username === viewer.username
      ? [{ id: 'cancel', label: 'Cancel request', style: 'default', requestId: record.id }]
      : [];
  return renderCard(buildApprovalCard(record, now), { csrfToken, extraActions });
}
