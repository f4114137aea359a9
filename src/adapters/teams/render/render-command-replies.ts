import { buildApprovalCard } from '../../../core/cards/build-approval-card.ts';
import type { CommandOutcome } from '../../../core/conversation/command-outcome.ts';
import { formatCardTime } from '../../../core/cards/format-time.ts';
import { requestTitle } from '../../../core/cards/request-title.ts';
import type { RequestRecord } from '../../../core/lifecycle/request-record.ts';
import { isWaitingToStart } from '../../../core/lifecycle/waiting-to-start.ts';
import type { PolicyDecision } from '../../../core/policy/decision.ts';
import type { Principal } from '../../../core/ports/identity.ts';
import { adaptiveCard, textBlock, type AdaptiveCard } from './adaptive-card.ts';
import { escapeCardText, plainCardText } from './escape-card-text.ts';
import { cardDateTime, renderCard } from './render-card.ts';
import { renderRequestReply } from './render-request-reply.ts';
import { renderStepUp } from './render-step-up.ts';
import { teamsSpelled } from './teams-example.ts';

const one = { maxLines: 1, maxLength: 300 } as const;
const MAX_LIST_ITEMS = 50;
const MAX_HELP_LINES = 120;

/** A line of a reply: already-escaped text, bold when it heads what follows. */
export type ReplyLine = string | { readonly heading: string };

/** A reply of already-escaped lines, one TextBlock each. */
export function linesReply(fallback: string, lines: readonly ReplyLine[]): AdaptiveCard {
  return adaptiveCard(
    plainCardText(fallback, 300),
    lines.map((line, i) =>
      textBlock(typeof line === 'string' ? line : line.heading, {
        ...(i > 0 ? { spacing: 'small' } : {}),
        ...(typeof line === 'string' ? {} : { weight: 'bolder' }),
      }),
    ),
  );
}

/** One request as `status ID` shows it: the card without its buttons (those belong on the shared card). */
export function statusReply(record: RequestRecord, now: number): AdaptiveCard {
  return renderCard(buildApprovalCard(record, now), { withActions: false });
}

/** `list` (and `status` without an ID): the person's open requests and grants in force. */
export function listReply(
  open: readonly RequestRecord[],
  grants: readonly RequestRecord[],
  now: number,
): AdaptiveCard {
  const waiting = open.filter((r) => r.state !== 'active');
  const item = (record: RequestRecord): string => {
    const card = buildApprovalCard(record, now);
    const until =
      record.state === 'active' && record.grant
        ? ` until ${formatCardTime(record.grant.expiresAt)}`
        : isWaitingToStart(record, now)
          ? `, starts ${cardDateTime(record.startAt ?? now)} (cancel with: ${escapeCardText(teamsSpelled(`/k8s-request cancel ${record.id}`), one)})`
          : '';
    return `• ${escapeCardText(record.id, one)} ${escapeCardText(requestTitle(record.request), one)}: ${escapeCardText(card.status.label, one)}${until}`;
  };
  const lines = [
    waiting.length > 0 ? { heading: 'Your open requests' } : 'You have no open requests.',
    ...waiting.slice(0, MAX_LIST_ITEMS).map(item),
    grants.length > 0 ? { heading: 'Your access in force' } : 'You hold no access through Countersign.',
    ...grants.slice(0, MAX_LIST_ITEMS).map(item),
  ];
  return linesReply(`${waiting.length} open requests, ${grants.length} grants`, lines);
}

/** `whoami`: the Kubernetes identity the person acts as. */
export function whoamiReply(person: Principal): AdaptiveCard {
  const groups =
    person.groups.length > 0 ? person.groups.map((g) => escapeCardText(g, one)).join(', ') : 'no groups';
  return linesReply(`You act as ${person.username}`, [
    `In Kubernetes you are ${escapeCardText(person.username, one)} with ${groups}.`,
  ]);
}

/** Help text as written, in a monospace block, with examples as typed in Teams. */
export function helpReply(text: string): AdaptiveCard {
  const lines = text
    .split('\n')
    .slice(0, MAX_HELP_LINES)
    .map((line) => (line.trim() === '' ? ' ' : escapeCardText(teamsSpelled(line.trimEnd()), one)));
  return adaptiveCard(
    'Countersign help',
    lines.map((line) => textBlock(line, { fontType: 'monospace', spacing: 'none' })),
  );
}

/** A one-line outcome of cancel, extend, revoke or a click. */
export function doneReply(text: string): AdaptiveCard {
  return linesReply(text, [escapeCardText(text, { maxLines: 2, maxLength: 1000 })]);
}

/** `explain`: what policy would do, nothing filed. */
export function explainReply(title: string, cluster: string, decision: PolicyDecision): AdaptiveCard {
  const lines: ReplyLine[] = [
    {
      heading: `${escapeCardText(title, one)} on cluster ${escapeCardText(cluster, one)}: nothing filed, this is what policy would do.`,
    },
    `Matched rules: ${escapeCardText(decision.matchedRules.length > 0 ? decision.matchedRules.join(', ') : 'none', one)}`,
  ];
  if (decision.outcome === 'deny') {
    lines.push(`Denied: ${escapeCardText(decision.reason, { maxLines: 3, maxLength: 1000 })}`);
  } else if (decision.outcome === 'auto-approve') {
    lines.push('Approved by policy; it would run at once.');
  } else {
    lines.push(
      `Needs ${decision.approvalsNeeded} approval(s) from ${escapeCardText(decision.approverGroups.join(' or '), one)}.`,
    );
    if (decision.stepUp) lines.push('Approvers would sign in again before approving.');
    if (decision.breakGlassAllowed) lines.push('Break-glass is allowed with --incident.');
  }
  return linesReply(`${title}: ${decision.outcome}`, lines);
}

/**
 * A command's neutral outcome as the Teams reply card: the filing confirmation or
 * step-up link, a status card without buttons, the person's list, the one-line
 * outcome of cancel/extend/revoke, whoami, help, or what policy would do.
 */
export function renderCommandOutcome(outcome: CommandOutcome): AdaptiveCard {
  switch (outcome.kind) {
    case 'filed':
      return renderRequestReply(outcome.record);
    case 'step-up':
      return renderStepUp(outcome.message, outcome.url);
    case 'status':
      return statusReply(outcome.record, outcome.now);
    case 'list':
      return listReply(outcome.open, outcome.grants, outcome.now);
    case 'changed':
      return doneReply(outcome.text);
    case 'whoami':
      return whoamiReply(outcome.person);
    case 'help':
      return helpReply(outcome.text);
    case 'explain':
      return explainReply(outcome.title, outcome.cluster, outcome.decision);
  }
}
