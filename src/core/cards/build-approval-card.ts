import { bodyNotice } from '../changes/body-summary.ts';
import { changeNotice } from '../changes/change-summary.ts';
import { fullChangeOf } from '../changes/full-change.ts';
import { onCallNotes } from './on-call-notes.ts';
import { reachedSteps } from '../lifecycle/escalate.ts';
import { progress } from '../lifecycle/progress.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { RequestState } from '../lifecycle/request-state.ts';
import { formatDuration } from '../requests/duration.ts';
import type { ApprovalCard, CardAction, CardFact, Tone } from './approval-card.ts';
import { formatCardTime } from './format-time.ts';
import { requestTitle } from './request-title.ts';
import { namedPerson, personFact } from './person-name.ts';
import { personText, type PersonText } from './person-text.ts';

const STATUS: Readonly<Record<RequestState, { label: string; tone: Tone }>> = {
  pending: { label: 'Waiting for approval', tone: 'attention' },
  approved: { label: 'Approved', tone: 'good' },
  denied: { label: 'Denied', tone: 'bad' },
  expired: { label: 'Expired', tone: 'neutral' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
  queued: { label: 'Approved, queued to run', tone: 'good' },
  executing: { label: 'Running', tone: 'attention' },
  succeeded: { label: 'Done', tone: 'good' },
  failed: { label: 'Failed', tone: 'bad' },
  active: { label: 'Access granted', tone: 'good' },
  revoked: { label: 'Revoked', tone: 'neutral' },
};

/** A grant that reached its end on schedule: not "Expired", which means nobody decided in time. */
const ACCESS_ENDED = { label: 'Access ended', tone: 'neutral' } as const;

const PREVIEW_HEADING: Readonly<Record<RequestState, string>> = {
  pending: 'What will happen',
  approved: 'What will happen',
  queued: 'What will happen',
  executing: 'What will happen',
  denied: 'What was asked',
  expired: 'What was asked',
  cancelled: 'What was asked',
  succeeded: 'What was planned',
  failed: 'What was planned',
  active: 'What was planned',
  revoked: 'What was planned',
};

function timeFact(label: string, at: number, rest: string): CardFact {
  return { label, value: `${formatCardTime(at)}${rest}`, time: { at, rest } };
}

/**
 * Builds the neutral card for a request as it stands: what, who, why, the dry-run
 * preview, the matched rules, progress, and the buttons that make sense in its state
 * (Approve/Deny while pending; Extend/Revoke while a grant is active; Acknowledge on a
 * break-glass run no approver has reviewed yet, whatever its state), and for a patch
 * its whole change behind "Show full change". `now` only
 * words relative facts; the card is otherwise a pure function of the record.
 */
export function buildApprovalCard(record: RequestRecord, now: number): ApprovalCard {
  const { request } = record;
  const facts: CardFact[] = [
    personFact('Requester', record.requester),
    { label: 'Cluster', value: record.cluster },
  ];
  if (request.type === 'access') {
    facts.push({ label: 'Duration', value: formatDuration(request.durationSeconds) });
  }
  if (request.type === 'api')
    facts.push({ label: 'From', value: 'kubectl (the command waits for this decision)' });
  facts.push({ label: 'Reason', value: request.reason });
  if (record.incident ?? request.incident)
    facts.push({ label: 'Incident', value: record.incident ?? request.incident ?? '' });
  if (record.startAt !== undefined && (record.state === 'pending' || record.state === 'approved')) {
    facts.push(
      timeFact('Starts', record.startAt, record.state === 'pending' ? ' (or when approved, if later)' : ''),
    );
  }
  if (record.state === 'pending' && record.decisionDeadline !== undefined) {
    facts.push(timeFact('Expires', record.decisionDeadline, ''));
  }
  if (record.grant && record.state === 'active') {
    const left = Math.max(0, Math.ceil((record.grant.expiresAt - now) / 1000));
    facts.push(timeFact('Granted until', record.grant.expiresAt, ` (${formatDuration(left)} left)`));
  }

  const tally = progress(record);
  const full = fullChangeOf(record);
  const notice =
    request.type === 'api'
      ? bodyNotice(request.call)
      : record.changes
        ? changeNotice(record.changes)
        : undefined;
  const card: ApprovalCard = {
    requestId: record.id,
    version: record.version,
    title: requestTitle(request),
    state: record.state,
    status: record.state === 'expired' && record.grant ? ACCESS_ENDED : STATUS[record.state],
    facts,
    preview: record.preview ?? [],
    previewHeading: PREVIEW_HEADING[record.state === 'expired' && record.grant ? 'active' : record.state],
    ...(full && notice !== undefined ? { change: { notice, full } } : {}),
    ...(record.decision.outcome === 'require-approval'
      ? {
          progress:
            tally.waitingFor && !tally.complete
              ? `${tally.text} · waiting for ${tally.waitingFor}`
              : tally.text,
        }
      : {}),
    matchedRules: [...record.decision.matchedRules],
    notes: notes(record),
    actions: actions(record),
  };
  return card;
}

function notes(record: RequestRecord): PersonText[] {
  const lines = onCallNotes(record);
  for (const a of record.approvals) {
    lines.push(personText`Approved by ${namedPerson(a.approver)}${a.stepUp ? ' (signed in again)' : ''}`);
  }
  for (const step of reachedSteps(record)) {
    lines.push([
      `Escalated to ${step.approverGroups.join(', ')}: no decision after ${formatDuration(step.afterSeconds)}`,
    ]);
  }
  if (record.denial) {
    const by = record.denial.by === 'policy' ? 'policy' : namedPerson(record.denial.by);
    lines.push(personText`Denied by ${by}: ${record.denial.reason}`);
  }
  const breakGlass = record.breakGlass;
  if (breakGlass?.review) {
    const by = namedPerson(breakGlass.review.by);
    lines.push(
      personText`Break-glass under ${breakGlass.incident}: ran without approval, acknowledged by ${by}`,
    );
  } else if (breakGlass) {
    lines.push([`Break-glass under ${breakGlass.incident}: ran without approval, review pending`]);
  }
  if (record.execution?.result) lines.push([`Result: ${record.execution.result}`]);
  if (record.execution?.error) lines.push([`Error: ${record.execution.error}`]);
  if (record.grant?.revokedBy) lines.push(personText`Revoked by ${namedPerson(record.grant.revokedBy)}`);
  return lines;
}

function actions(record: RequestRecord): CardAction[] {
  const requestId = record.id;
  const review: CardAction[] =
    record.breakGlass && !record.breakGlass.review
      ? [{ id: 'acknowledge', label: 'Acknowledge break-glass', style: 'primary', requestId }]
      : [];
  if (record.state === 'pending') {
    return [
      { id: 'approve', label: 'Approve', style: 'primary', requestId },
      { id: 'deny', label: 'Deny', style: 'danger', requestId, asks: 'reason' },
    ];
  }
  if (record.state === 'active') {
    return [
      ...review,
      { id: 'extend', label: 'Extend', style: 'default', requestId, asks: 'duration' },
      { id: 'revoke', label: 'Revoke now', style: 'danger', requestId },
    ];
  }
  return review;
}
