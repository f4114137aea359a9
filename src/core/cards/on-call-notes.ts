import type { RequestRecord } from '../lifecycle/request-record.ts';
import { formatCardTime } from './format-time.ts';
import { namedPerson } from './person-name.ts';
import { personText, type PersonText } from './person-text.ts';

/**
 * What a card and the filer's reply say about the requester's on-call look-ups: the
 * schedule and time that let policy auto-approve, or that a look-up failed, so
 * on-call auto-approval did not apply and the request takes the normal approval flow.
 */
export function onCallNotes(record: RequestRecord): PersonText[] {
  const onCall = record.requesterOnCall;
  if (!onCall) return [];
  const lines: PersonText[] = [];
  if (record.decision.outcome === 'auto-approve') {
    for (const entry of onCall.onCallFor) {
      lines.push(
        personText`${namedPerson(record.requester)} was on call for ${entry.schedule} at ${formatCardTime(entry.checkedAt)}`,
      );
    }
  }
  for (const entry of onCall.unavailable) {
    lines.push([
      `On-call auto-approval did not apply: ${entry.problem}. ${
        record.decision.outcome === 'require-approval' ? 'The normal approval flow applies.' : ''
      }`.trim(),
    ]);
  }
  return lines;
}
