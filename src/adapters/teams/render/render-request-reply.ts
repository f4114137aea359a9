import { onCallNotes } from '../../../core/cards/on-call-notes.ts';
import { formatCardTime } from '../../../core/cards/format-time.ts';
import { requestTitle } from '../../../core/cards/request-title.ts';
import type { UserFacingError } from '../../../core/errors.ts';
import type { RequestRecord } from '../../../core/lifecycle/request-record.ts';
import type { RequireApprovalDecision } from '../../../core/policy/decision.ts';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardElement } from './adaptive-card.ts';
import { escapeCardText, plainCardText } from './escape-card-text.ts';
import { TEAMS_COMMAND, teamsExample, teamsSpelled } from './teams-example.ts';

const MAX_PREVIEW_LINES = 5;
const one = { maxLines: 1, maxLength: 300 } as const;

/**
 * The reply to the requester once a request is filed: its ID and title, then what
 * policy decided — denied and why; approved by policy and queued (or run under
 * break-glass); or waiting for N approvals from which groups, with step-up and the
 * deadline — then what it will do and how to follow or cancel it. All user and policy
 * text is escaped.
 */
export function renderRequestReply(record: RequestRecord): AdaptiveCard {
  const title = escapeCardText(requestTitle(record.request), one);
  const id = escapeCardText(record.id, one);
  const body: CardElement[] = [
    textBlock(`${title} is filed as ${id}.`, { id: 'filed', weight: 'bolder' }),
    ...decisionLines(record).map((line, i) => textBlock(line, { id: `decision-${i}`, spacing: 'small' })),
    ...onCallNotes(record).map((line, i) =>
      textBlock(escapeCardText(line, { maxLines: 2, maxLength: 600 }), {
        id: `on-call-${i}`,
        spacing: 'small',
      }),
    ),
  ];
  const preview = (record.preview ?? []).slice(0, MAX_PREVIEW_LINES);
  if (preview.length > 0) {
    body.push(textBlock('What will happen', { weight: 'bolder' }));
    body.push(...preview.map((line) => textBlock(`• ${escapeCardText(line, one)}`, { spacing: 'none' })));
  }
  const follow = [`Follow it: ${TEAMS_COMMAND} status ${id}`];
  if (record.state === 'pending') follow.push(`Cancel it: ${TEAMS_COMMAND} cancel ${id}`);
  body.push(...follow.map((line) => textBlock(line, { isSubtle: true, size: 'small', spacing: 'none' })));
  return adaptiveCard(
    plainCardText(`${record.id} ${requestTitle(record.request)}: ${headline(record)}`, 300),
    body,
  );
}

/**
 * A refused command or click, for the person who made it: the error's message and,
 * where it has one, the correct example as typed in Teams, both escaped.
 */
export function renderError(error: UserFacingError): AdaptiveCard {
  const body: CardElement[] = [
    textBlock(escapeCardText(teamsSpelled(error.message), { maxLines: 5, maxLength: 2000 }), {
      id: 'error',
      color: 'attention',
    }),
  ];
  if (error.example) {
    body.push(
      textBlock(`Example: ${escapeCardText(teamsExample(error.example), { maxLines: 1, maxLength: 900 })}`, {
        id: 'example',
      }),
    );
  }
  return adaptiveCard(plainCardText(teamsSpelled(error.message), 300), body);
}

/** What a person sees when something other than their input failed: only a reference to give an admin. */
export function renderFailure(reference: string): AdaptiveCard {
  const text = `Something failed, reference ${reference}. Try again in a minute; if it keeps failing, give your admin this reference.`;
  return adaptiveCard(text, [textBlock(text, { id: 'error', color: 'attention' })]);
}

function decisionLines(record: RequestRecord): string[] {
  const { decision } = record;
  const rules =
    decision.matchedRules.length > 0
      ? ` (${escapeCardText(`rule ${decision.matchedRules.join(', ')}`, one)})`
      : '';
  if (decision.outcome === 'deny') {
    return [`Policy denied it${rules}: ${escapeCardText(decision.reason, { maxLines: 3, maxLength: 1000 })}`];
  }
  if (decision.outcome === 'auto-approve') return [`Policy approved it${rules}; it is queued to run.`];
  if (record.breakGlass) {
    const incident = escapeCardText(record.breakGlass.incident, one);
    return [`Break-glass under ${incident}: it runs now without approval and will be reviewed.`];
  }
  const lines = [`Waiting for ${approvalsWanted(decision)}.`];
  if (decision.stepUp) lines.push('Approvers sign in again before their approval counts.');
  if (record.decisionDeadline !== undefined) {
    lines.push(`If nobody decides by ${formatCardTime(record.decisionDeadline)}, it expires.`);
  }
  return lines;
}

function approvalsWanted(decision: RequireApprovalDecision): string {
  const count = (n: number): string => `${n} ${n === 1 ? 'approval' : 'approvals'}`;
  const groups = (names: readonly string[]): string => escapeCardText(names.join(' or '), one);
  const [only, ...others] = decision.requirements;
  if (only !== undefined && others.length === 0)
    return `${count(only.minApprovals)} from ${groups(only.approverGroups)}`;
  const parts = decision.requirements.map((r) => `${r.minApprovals} from ${groups(r.approverGroups)}`);
  return `${count(decision.approvalsNeeded)} (${parts.join(' and ')})`;
}

function headline(record: RequestRecord): string {
  const { decision } = record;
  if (decision.outcome === 'deny') return `denied by policy: ${decision.reason}`;
  if (decision.outcome === 'auto-approve') return 'approved by policy, queued to run';
  if (record.breakGlass) return `break-glass under ${record.breakGlass.incident}, running now`;
  const n = decision.approvalsNeeded;
  return `waiting for ${n} ${n === 1 ? 'approval' : 'approvals'}`;
}
