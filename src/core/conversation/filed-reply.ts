import { formatCardTime } from '../cards/format-time.ts';
import { onCallNotes } from '../cards/on-call-notes.ts';
import { plainText } from '../cards/person-text.ts';
import { requestTitle } from '../cards/request-title.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { RequireApprovalDecision } from '../policy/decision.ts';
import type { ReplyLine, ReplySpan } from './reply-line.ts';

/** Most lines of the dry run a filing reply repeats; the card has the rest. */
const MAX_PREVIEW_LINES = 5;

/** The reply to the requester once a request is filed, in no surface's markup. */
export interface FiledReply {
  /** One plain line: `cs-… scale deployment/api in prod: waiting for 2 approvals`. */
  readonly fallback: string;
  /** `scale deployment/api in prod is filed as cs-….`: the heading. */
  readonly filed: ReplyLine;
  /** What policy decided: denied and why, approved, break-glass, or whose approvals it waits for. */
  readonly decision: readonly ReplyLine[];
  /** What the on-call schedules said about the requester, when policy asked. */
  readonly onCall: readonly ReplyLine[];
  /** Heading over `preview`. */
  readonly previewHeading: string;
  /** The first lines of what it will do, plain text. */
  readonly preview: readonly string[];
  /** How to follow the request, and to cancel it while it waits. */
  readonly follow: readonly ReplyLine[];
}

/**
 * What the requester is told once a request is filed: its ID and title, then what
 * policy decided — denied and why; approved by policy and queued (or run under
 * break-glass); or waiting for N approvals from which groups in which channels, with
 * step-up and the deadline — then what it will do and how to follow or cancel it.
 */
export function filedReply(record: RequestRecord): FiledReply {
  const title = requestTitle(record.request);
  const follow: ReplyLine[] = [{ spans: ['Follow it: ', { command: `status ${record.id}` }] }];
  if (record.state === 'pending') follow.push({ spans: ['Cancel it: ', { command: `cancel ${record.id}` }] });
  return {
    fallback: `${record.id} ${title}: ${headline(record)}`,
    filed: { heading: true, spans: [{ strong: title }, ' is filed as ', { code: record.id }, '.'] },
    decision: decisionLines(record),
    onCall: onCallNotes(record).map((note) => ({
      spans: [{ text: plainText(note), limit: { maxLines: 2, maxLength: 600 } }],
    })),
    previewHeading: 'What will happen',
    preview: (record.preview ?? []).slice(0, MAX_PREVIEW_LINES),
    follow,
  };
}

function decisionLines(record: RequestRecord): ReplyLine[] {
  const { decision } = record;
  const rules: ReplySpan[] =
    decision.matchedRules.length > 0 ? [' (', { text: `rule ${decision.matchedRules.join(', ')}` }, ')'] : [];
  if (decision.outcome === 'deny') {
    const reason = { text: decision.reason, limit: { maxLines: 3, maxLength: 1000 } };
    return [{ mark: 'refused', spans: ['Policy denied it', ...rules, ': ', reason] }];
  }
  if (decision.outcome === 'auto-approve') {
    return [{ mark: 'done', spans: ['Policy approved it', ...rules, '; it is queued to run.'] }];
  }
  if (record.breakGlass) {
    const incident = { text: record.breakGlass.incident };
    const spans = ['Break-glass under ', incident, ': it runs now without approval and will be reviewed.'];
    return [{ mark: 'break-glass', spans }];
  }
  const lines: ReplyLine[] = [
    {
      mark: 'waiting',
      spans: ['Waiting for ', ...approvalsWanted(decision), { channels: decision.channels }, '.'],
    },
  ];
  if (decision.stepUp) lines.push({ spans: ['Approvers sign in again before their approval counts.'] });
  if (record.decisionDeadline !== undefined) {
    lines.push({ spans: [`If nobody decides by ${formatCardTime(record.decisionDeadline)}, it expires.`] });
  }
  return lines;
}

/** `2 approvals from sre`, or `3 approvals (2 from sre and 1 from security)` when rules ask apart. */
function approvalsWanted(decision: RequireApprovalDecision): ReplySpan[] {
  const count = (n: number): string => `${n} ${n === 1 ? 'approval' : 'approvals'}`;
  const groups = (names: readonly string[]): ReplySpan => ({ text: names.join(' or ') });
  const [only, ...others] = decision.requirements;
  if (only !== undefined && others.length === 0) {
    return [`${count(only.minApprovals)} from `, groups(only.approverGroups)];
  }
  const parts = decision.requirements.flatMap((r, i): ReplySpan[] => [
    ...(i > 0 ? [' and '] : []),
    `${r.minApprovals} from `,
    groups(r.approverGroups),
  ]);
  return [`${count(decision.approvalsNeeded)} (`, ...parts, ')'];
}

/** The decision in plain words, for the one-line summary. */
function headline(record: RequestRecord): string {
  const { decision } = record;
  if (decision.outcome === 'deny') return `denied by policy: ${decision.reason}`;
  if (decision.outcome === 'auto-approve') return 'approved by policy, queued to run';
  if (record.breakGlass) return `break-glass under ${record.breakGlass.incident}, running now`;
  const n = decision.approvalsNeeded;
  return `waiting for ${n} ${n === 1 ? 'approval' : 'approvals'}`;
}
