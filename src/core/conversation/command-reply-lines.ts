import { buildApprovalCard } from '../cards/build-approval-card.ts';
import { formatCardTime } from '../cards/format-time.ts';
import { requestTitle } from '../cards/request-title.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import { isWaitingToStart } from '../lifecycle/waiting-to-start.ts';
import type { PolicyDecision } from '../policy/decision.ts';
import type { Principal } from '../ports/identity.ts';
import type { ReplyLine, ReplySpan } from './reply-line.ts';

/** Most requests (and, apart, grants) a list reply names. */
const MAX_LIST_ITEMS = 50;

/** The lines of a reply and its one-line plain summary (a notification's text, a card's fallback). */
export interface LinesReply {
  readonly fallback: string;
  readonly lines: readonly ReplyLine[];
}

/**
 * `list` (and `status` without an ID): the person's open requests and grants in force,
 * one line each: ID, title, status, and when a grant ends or an approved request starts
 * (with the command that cancels it before then).
 */
export function listReplyLines(
  open: readonly RequestRecord[],
  grants: readonly RequestRecord[],
  now: number,
): LinesReply {
  const waiting = open.filter((r) => r.state !== 'active');
  const item = (record: RequestRecord): ReplyLine => {
    const status = buildApprovalCard(record, now).status.label;
    const when: ReplySpan[] =
      record.state === 'active' && record.grant
        ? [` until ${formatCardTime(record.grant.expiresAt)}`]
        : isWaitingToStart(record, now)
          ? [
              ', starts ',
              { time: record.startAt ?? now },
              ' (cancel with: ',
              { command: `cancel ${record.id}` },
              ')',
            ]
          : [];
    return {
      spans: [
        '• ',
        { code: record.id },
        ' ',
        { text: requestTitle(record.request) },
        ': ',
        { text: status },
        ...when,
      ],
    };
  };
  const heading = (text: string): ReplyLine => ({ heading: true, spans: [{ strong: text }] });
  return {
    fallback: `${waiting.length} open requests, ${grants.length} grants`,
    lines: [
      waiting.length > 0 ? heading('Your open requests') : { spans: ['You have no open requests.'] },
      ...waiting.slice(0, MAX_LIST_ITEMS).map(item),
      grants.length > 0
        ? heading('Your access in force')
        : { spans: ['You hold no access through Countersign.'] },
      ...grants.slice(0, MAX_LIST_ITEMS).map(item),
    ],
  };
}

/** `whoami`: the Kubernetes identity the person acts as. */
export function whoamiReplyLines(person: Principal): LinesReply {
  const groups: ReplySpan[] =
    person.groups.length > 0
      ? person.groups.flatMap((group, i): ReplySpan[] =>
          i > 0 ? [', ', { code: group }] : [{ code: group }],
        )
      : ['no groups'];
  return {
    fallback: `You act as ${person.username}`,
    lines: [{ spans: ['In Kubernetes you are ', { code: person.username }, ' with ', ...groups, '.'] }],
  };
}

/** A one-line outcome of cancel, extend, revoke or a click: the core's neutral sentence. */
export function doneReplyLines(text: string): LinesReply {
  return {
    fallback: text,
    lines: [{ mark: 'done', spans: [{ text, limit: { maxLines: 2, maxLength: 1000 } }] }],
  };
}

/** `explain`: what policy would do with a request, nothing filed. */
export function explainReplyLines(title: string, cluster: string, decision: PolicyDecision): LinesReply {
  const rules = decision.matchedRules.length > 0 ? decision.matchedRules.join(', ') : 'none';
  const lines: ReplyLine[] = [
    {
      heading: true,
      spans: [
        { strong: title },
        ' on cluster ',
        { code: cluster },
        ': nothing filed, this is what policy would do.',
      ],
    },
    { spans: ['Matched rules: ', { text: rules }] },
  ];
  if (decision.outcome === 'deny') {
    lines.push({
      mark: 'refused',
      spans: ['Denied: ', { text: decision.reason, limit: { maxLines: 3, maxLength: 1000 } }],
    });
  } else if (decision.outcome === 'auto-approve') {
    lines.push({ mark: 'done', spans: ['Approved by policy; it would run at once.'] });
  } else {
    lines.push({
      mark: 'waiting',
      spans: [
        `Needs ${decision.approvalsNeeded} approval(s) from `,
        { text: decision.approverGroups.join(' or ') },
        '.',
      ],
    });
    if (decision.stepUp) lines.push({ spans: ['Approvers would sign in again before approving.'] });
    if (decision.breakGlassAllowed) lines.push({ spans: ['Break-glass is allowed with --incident.'] });
  }
  return { fallback: `${title}: ${decision.outcome}`, lines };
}
