import type { CardAction } from '../cards/approval-card.ts';
import { formatCardTime } from '../cards/format-time.ts';
import { requestTitle } from '../cards/request-title.ts';
import { progress } from '../lifecycle/progress.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { MutationOutcome } from '../workflow/mutate-request.ts';

/** Everything a person can do to a request by button (cancel, extend and revoke also by command): the card's actions. */
export type RequestAction = CardAction['id'];

/** `scale deployment/api in prod (cs-…)`: how replies name a request. */
export function requestWhat(record: RequestRecord): string {
  return `${requestTitle(record.request)} (${record.id})`;
}

/** When a grant now ends, as cards print it, or `its end` when the record holds no grant. */
export function grantEnd(record: RequestRecord): string {
  return record.grant ? formatCardTime(record.grant.expiresAt) : 'its end';
}

/**
 * The neutral sentence telling the person what their click or command did, the same
 * on every surface: `You approved …: 1 of 2 approvals.`, `Revoked: you revoked ….`, or, when it
 * changed nothing, what the request already is and that nothing changed.
 */
export function outcomeText(action: RequestAction, { record, changed }: MutationOutcome): string {
  const what = requestWhat(record);
  const already = `${what} is already ${record.state}; nothing changed.`;
  switch (action) {
    case 'approve':
      return changed
        ? `You approved ${what}: ${progress(record).text}.`
        : `Your approval of ${what} was already recorded; nothing changed.`;
    case 'deny':
      return changed ? `You denied ${what}.` : already;
    case 'cancel':
      return changed ? `You cancelled ${what}.` : already;
    case 'extend':
      return `${what} now lasts until ${grantEnd(record)}.`;
    case 'revoke':
      return changed ? `Revoked: you revoked ${what}.` : already;
    case 'acknowledge':
      return changed
        ? `You acknowledged the break-glass run of ${what}.`
        : `The break-glass run of ${what} was already acknowledged; nothing changed.`;
  }
}
