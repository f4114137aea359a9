import { progress } from '../lifecycle/progress.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { RequestState } from '../lifecycle/request-state.ts';
import { formatDuration } from '../requests/duration.ts';
import type { ApprovalCard, CardAction, CardFact, Tone } from './approval-card.ts';
import { formatCardTime } from './format-time.ts';
import { requestTitle } from './request-title.ts';

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

/**
 * Builds the neutral card for a request as it stands: what, who, why, the dry-run
 * preview, the matched rules, progress, and the buttons that make sense in its state
 * (Approve/Deny while pending; Extend/Revoke while a grant is active; Acknowledge on a
 * break-glass run no approver has reviewed yet, whatever its state). `now` only
 * words relative facts; the card is otherwise a pure function of the record.
 */
export function buildApprovalCard(record: RequestRecord, now: number): ApprovalCard {
  const { request } = record;
  const facts: CardFact[] = [
    { label: 'Requester', value: record.requester.displayName ?? record.requester.username },
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
  if (record.state === 'pending' && record.decisionDeadline !== undefined) {
    facts.push({ label: 'Expires', value: formatCardTime(record.decisionDeadline) });
  }
  if (record.grant && record.state === 'active') {
    const left = Math.max(0, Math.round((record.grant.expiresAt - now) / 1000));
    facts.push({
      label: 'Granted until',
      value: `${formatCardTime(record.grant.expiresAt)} (${formatDuration(left)} left)`,
    });
  }

  const tally = progress(record);
  const card: ApprovalCard = {
    requestId: record.id,
    version: record.version,
    title: requestTitle(request),
    state: record.state,
    status: STATUS[record.state],
    facts,
    preview: record.preview ?? [],
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

function notes(record: RequestRecord): string[] {
  const lines = record.approvals.map(
    (a) =>
      `Approved by ${a.approver.displayName ?? a.approver.username}${a.stepUp ? ' (signed in again)' : ''}`,
  );
  if (record.denial) {
    const by =
      record.denial.by === 'policy' ? 'policy' : (record.denial.by.displayName ?? record.denial.by.username);
    lines.push(`Denied by ${by}: ${record.denial.reason}`);
  }
  const breakGlass = record.breakGlass;
  if (breakGlass?.review) {
    const by = breakGlass.review.by.displayName ?? breakGlass.review.by.username;
    lines.push(`Break-glass under ${breakGlass.incident}: ran without approval, acknowledged by ${by}`);
  } else if (breakGlass) {
    lines.push(`Break-glass under ${breakGlass.incident}: ran without approval, review pending`);
  }
  if (record.execution?.result) lines.push(`Result: ${record.execution.result}`);
  if (record.execution?.error) lines.push(`Error: ${record.execution.error}`);
  if (record.grant?.revokedBy)
    lines.push(`Revoked by ${record.grant.revokedBy.displayName ?? record.grant.revokedBy.username}`);
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
