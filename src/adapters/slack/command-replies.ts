import { buildApprovalCard } from '../../core/cards/build-approval-card.ts';
import type { CommandOutcome } from '../../core/conversation/command-outcome.ts';
import { formatCardTime } from '../../core/cards/format-time.ts';
import { requestTitle } from '../../core/cards/request-title.ts';
import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import type { PolicyDecision } from '../../core/policy/decision.ts';
import type { Principal } from '../../core/ports/identity.ts';
import { sectionBlock, type SlackMessage } from './render/block-kit.ts';
import { escapeSlackCode, escapeSlackText } from './render/escape-mrkdwn.ts';
import { renderCard } from './render/render-card.ts';
import { renderRequestReply } from './render/render-request-reply.ts';
import { renderStepUpReply } from './render/render-step-up-reply.ts';
import { SLACK_LIMITS } from './render/slack-limits.ts';

const one = { maxLines: 1, maxLength: 300 } as const;
const code = (text: string): string => `\`${escapeSlackCode(text, 200)}\``;

/** A reply made of escaped mrkdwn lines, split into sections that fit Slack's 3000 characters. */
export function linesReply(fallback: string, lines: readonly string[]): SlackMessage {
  const sections: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current !== '' && current.length + 1 + line.length > SLACK_LIMITS.text - 10) {
      sections.push(current);
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') sections.push(current);
  return {
    text: escapeSlackText(fallback, one),
    blocks: sections
      .slice(0, SLACK_LIMITS.messageBlocks)
      .map((s, i) => sectionBlock(s, { blockId: `reply-${i}` })),
  };
}

/** Plain text (help) shown as preformatted blocks, exactly as written. */
export function preformattedReply(fallback: string, text: string): SlackMessage {
  const safe = (line: string): string =>
    line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, 'ˋ');
  const chunks: string[] = [];
  let current: string[] = [];
  for (const line of text.split('\n').map(safe)) {
    if ([...current, line].join('\n').length > SLACK_LIMITS.text - 20) {
      chunks.push(current.join('\n'));
      current = [];
    }
    current.push(line);
  }
  if (current.length > 0) chunks.push(current.join('\n'));
  return {
    text: escapeSlackText(fallback, one),
    blocks: chunks.map((c, i) => sectionBlock(`\`\`\`${c}\`\`\``, { blockId: `help-${i}` })),
  };
}

/** One request as `status ID` shows it: the card, without its buttons (those belong on the shared card). */
export function statusReply(record: RequestRecord, now: number): SlackMessage {
  const card = renderCard(buildApprovalCard(record, now));
  return { text: card.text, blocks: card.blocks.filter((b) => b.type !== 'actions') };
}

function summaryLine(record: RequestRecord, now: number): string {
  const card = buildApprovalCard(record, now);
  const until =
    record.state === 'active' && record.grant ? ` until ${formatCardTime(record.grant.expiresAt)}` : '';
  return `• ${code(record.id)} ${escapeSlackText(requestTitle(record.request), one)}: ${escapeSlackText(card.status.label, one)}${until}`;
}

/** `list` (and `status` without an ID): the person's open requests and grants in force. */
export function listReply(
  open: readonly RequestRecord[],
  grants: readonly RequestRecord[],
  now: number,
): SlackMessage {
  const lines: string[] = [];
  const waiting = open.filter((r) => r.state !== 'active');
  lines.push(waiting.length > 0 ? '*Your open requests*' : 'You have no open requests.');
  lines.push(...waiting.map((r) => summaryLine(r, now)));
  lines.push(grants.length > 0 ? '*Your access in force*' : 'You hold no access through Countersign.');
  lines.push(...grants.map((r) => summaryLine(r, now)));
  return linesReply(`${waiting.length} open requests, ${grants.length} grants`, lines);
}

/** `whoami`: the Kubernetes identity the person acts as. */
export function whoamiReply(person: Principal): SlackMessage {
  const groups = person.groups.length > 0 ? person.groups.map(code).join(', ') : 'no groups';
  return linesReply(`You act as ${person.username}`, [
    `In Kubernetes you are ${code(person.username)} with ${groups}.`,
  ]);
}

/** A one-line outcome of cancel, extend or revoke. */
export function doneReply(text: string): SlackMessage {
  return linesReply(text, [`:white_check_mark: ${escapeSlackText(text, { maxLines: 2, maxLength: 1000 })}`]);
}

/** `explain`: what policy would do, nothing filed. */
export function explainReply(title: string, cluster: string, decision: PolicyDecision): SlackMessage {
  const lines = [
    `*${escapeSlackText(title, one)}* on cluster ${code(cluster)}: nothing filed, this is what policy would do.`,
  ];
  const rules = decision.matchedRules.length > 0 ? decision.matchedRules.join(', ') : 'none';
  lines.push(`Matched rules: ${escapeSlackText(rules, one)}`);
  if (decision.outcome === 'deny') {
    lines.push(`:x: Denied: ${escapeSlackText(decision.reason, { maxLines: 3, maxLength: 1000 })}`);
  } else if (decision.outcome === 'auto-approve') {
    lines.push(':white_check_mark: Approved by policy; it would run at once.');
  } else {
    const groups = escapeSlackText(decision.approverGroups.join(' or '), one);
    lines.push(`:hourglass_flowing_sand: Needs ${decision.approvalsNeeded} approval(s) from ${groups}.`);
    if (decision.stepUp) lines.push('Approvers would sign in again before approving.');
    if (decision.breakGlassAllowed) lines.push('Break-glass is allowed with --incident.');
  }
  return linesReply(`${title}: ${decision.outcome}`, lines);
}

/**
 * A command's neutral outcome as the private Slack reply: the filing confirmation or
 * step-up link, a status card without buttons, the person's list, the one-line
 * outcome of cancel/extend/revoke, whoami, help, or what policy would do.
 */
export function renderCommandOutcome(outcome: CommandOutcome): SlackMessage {
  switch (outcome.kind) {
    case 'filed':
      return renderRequestReply(outcome.record);
    case 'step-up':
      return renderStepUpReply(outcome.message, outcome.url);
    case 'status':
      return statusReply(outcome.record, outcome.now);
    case 'list':
      return listReply(outcome.open, outcome.grants, outcome.now);
    case 'changed':
      return doneReply(outcome.text);
    case 'whoami':
      return whoamiReply(outcome.person);
    case 'help':
      return preformattedReply('Countersign help', outcome.text);
    case 'explain':
      return explainReply(outcome.title, outcome.cluster, outcome.decision);
  }
}
