import type { types } from '@slack/bolt';
import type { ApprovalCard, CardFact } from '../../../core/cards/approval-card.ts';
import {
  actionsBlock,
  button,
  confirmDialog,
  contextBlock,
  headerBlock,
  sectionBlock,
  type SlackBlock,
} from './block-kit.ts';
import { escapeSlackCode, escapeSlackText } from './escape-mrkdwn.ts';
import { slackDate } from './render-card.ts';
import { cardActionId } from './interaction-ids.ts';
import { SLACK_LIMITS } from './slack-limits.ts';
import { slackMention } from './slack-mention.ts';
import { toneEmoji } from './tone-emoji.ts';

/** An approved request waiting for its start time, and whether this reader (its requester) may cancel it. */
export interface WaitingRow {
  readonly card: ApprovalCard;
  readonly mayCancel: boolean;
}

/** The lists the App Home shows a person. */
export interface HomeInput {
  /** Requests they filed that are still undecided or running. */
  readonly openRequests: readonly ApprovalCard[];
  /** Their grants in force. */
  readonly activeGrants: readonly ApprovalCard[];
  /** Pending requests they may approve. */
  readonly awaitingMyApproval: readonly ApprovalCard[];
  /**
   * Break-glass runs of others no approver has acknowledged yet, under a decision naming
   * one of their groups, oldest first (each with Acknowledge); shown only when there are some.
   */
  readonly breakGlassToReview?: readonly ApprovalCard[];
  /** Approved ahead of a start time not yet come, soonest first; shown only when there are some. */
  readonly waitingToStart?: readonly WaitingRow[];
  /** Sentences shown above the lists, e.g. an on-call service that could not be asked. */
  readonly notes?: readonly string[];
}

interface Part {
  readonly id: string;
  readonly title: string;
  readonly empty: string;
  readonly cards: readonly ApprovalCard[];
  /** Blocks one card takes. */
  readonly cost: number;
  readonly row: (card: ApprovalCard) => SlackBlock[];
  shown: number;
}

const short = { maxLines: 1, maxLength: 200 } as const;

/**
 * The App Home tab: first, when there are some, break-glass runs waiting for the
 * reader's review (who ran it, under which incident, why, and Acknowledge); then your open requests (with Cancel while pending), your active
 * grants (time left and Revoke), requests waiting for your approval (a compact row
 * with Approve and Deny), and, when there are some, approved requests waiting for
 * their start time (shown in the reader's zone; Cancel on the reader's own), under
 * at most three notes (e.g. an on-call service that could not be asked). It fits Slack's 100-block limit for views by showing
 * fewer rows of the longest lists, each cut list ending with "and N more".
 */
export function renderHome(input: HomeInput): types.HomeView {
  const review = input.breakGlassToReview ?? [];
  const parts: Part[] = [
    ...(review.length > 0
      ? [part('break-glass', 'Break-glass runs to review', '', review, 1, breakGlassRow)]
      : []),
    part('mine', 'Your open requests', 'You have no open requests.', input.openRequests, 1, openRow),
    part('grants', 'Your active grants', 'You hold no temporary access.', input.activeGrants, 1, grantRow),
    part(
      'approve',
      'Waiting for your approval',
      'Nothing is waiting for you.',
      input.awaitingMyApproval,
      2,
      approvalRow,
    ),
  ];
  const waiting = input.waitingToStart ?? [];
  if (waiting.length > 0) {
    const cancellable = new Set(waiting.filter((w) => w.mayCancel).map((w) => w.card.requestId));
    parts.push(
      part(
        'scheduled',
        'Approved, waiting to start',
        '',
        waiting.map((w) => w.card),
        1,
        (card) => waitingRow(card, cancellable.has(card.requestId)),
      ),
    );
  }
  const notes = (input.notes ?? []).slice(0, 3);
  while (blockCount(parts) + notes.length > SLACK_LIMITS.viewBlocks) {
    const largest = parts.reduce((a, b) => (b.shown * b.cost > a.shown * a.cost ? b : a));
    largest.shown--;
  }
  const blocks: SlackBlock[] = notes.map((note, i) =>
    contextBlock([`:warning: ${escapeSlackText(note, { maxLines: 3, maxLength: 1000 })}`], `note-${i}`),
  );
  parts.forEach((p, i) => {
    if (i > 0) blocks.push({ type: 'divider', block_id: `${p.id}-divider` });
    blocks.push(headerBlock(p.title, p.id));
    if (p.cards.length === 0) blocks.push(contextBlock([p.empty], `${p.id}-empty`));
    p.cards.slice(0, p.shown).forEach((card) => blocks.push(...p.row(card)));
    if (p.shown < p.cards.length)
      blocks.push(contextBlock([`and ${p.cards.length - p.shown} more`], `${p.id}-more`));
  });
  return { type: 'home', blocks };
}

function part(
  id: string,
  title: string,
  empty: string,
  cards: readonly ApprovalCard[],
  cost: number,
  row: (card: ApprovalCard) => SlackBlock[],
): Part {
  const unique = cards.filter((c, i) => cards.findIndex((d) => d.requestId === c.requestId) === i);
  return { id, title, empty, cards: unique, cost, row, shown: unique.length };
}

function blockCount(parts: readonly Part[]): number {
  return parts.reduce(
    (sum, p) => sum + 1 + (p.cards.length === 0 ? 1 : p.shown * p.cost) + (p.shown < p.cards.length ? 1 : 0),
    parts.length - 1,
  );
}

function headline(card: ApprovalCard): string {
  return `*${escapeSlackText(card.title, short)}*  \`${escapeSlackCode(card.requestId, 100)}\``;
}

/** A fact naming a person, by the display rule: the username, their Slack mention beside it. */
function personField(fact: CardFact): string {
  return `${escapeSlackText(fact.value, short)}${slackMention(fact.person)}`;
}

function fact(card: ApprovalCard, label: string): string | undefined {
  return card.facts.find((f) => f.label === label)?.value;
}

/** Cancel on a row of the requester's own request, confirmed with what cancelling means. */
function cancelButton(card: ApprovalCard, consequence: string) {
  return button({
    actionId: cardActionId('cancel'),
    label: 'Cancel',
    value: card.requestId,
    confirm: confirmDialog('Cancel this request?', consequence, 'Cancel request'),
  });
}

function openRow(card: ApprovalCard): SlackBlock[] {
  const status = `${toneEmoji(card.status.tone)} ${escapeSlackText(card.status.label, short)}`;
  const progress = card.progress ? ` · ${escapeSlackText(card.progress, short)}` : '';
  const cancel =
    card.state === 'pending' ? cancelButton(card, 'Nobody will be able to approve it.') : undefined;
  return [
    sectionBlock(`${headline(card)}\n${status}${progress}`, {
      blockId: `mine:${card.requestId}`,
      ...(cancel && { accessory: cancel }),
    }),
  ];
}

function waitingRow(card: ApprovalCard, mayCancel: boolean): SlackBlock[] {
  const starts = card.facts.find((f) => f.label === 'Starts')?.time;
  const when = starts
    ? `:alarm_clock: Starts ${slackDate(starts.at)}`
    : escapeSlackText(card.status.label, short);
  const cancel = mayCancel ? cancelButton(card, 'It will not run at its start time.') : undefined;
  return [
    sectionBlock(`${headline(card)}\n${when}`, {
      blockId: `scheduled:${card.requestId}`,
      ...(cancel && { accessory: cancel }),
    }),
  ];
}

/** A break-glass run: who ran it (username, mention beside), under which incident, why, and Acknowledge while unreviewed. */
function breakGlassRow(card: ApprovalCard): SlackBlock[] {
  const requester = card.facts.find((f) => f.label === 'Requester');
  const incident = fact(card, 'Incident');
  const reason = fact(card, 'Reason');
  const who = requester ? ` by ${personField(requester)}` : '';
  const under = incident ? ` under ${escapeSlackText(incident, short)}` : '';
  const why = reason ? `\n${escapeSlackText(reason, { maxLines: 1, maxLength: 300 })}` : '';
  const acknowledge = card.actions.find((a) => a.id === 'acknowledge');
  return [
    sectionBlock(`${headline(card)}\n:rotating_light: Ran without approval${who}${under}${why}`, {
      blockId: `break-glass:${card.requestId}`,
      ...(acknowledge && {
        accessory: button({
          actionId: cardActionId('acknowledge'),
          label: acknowledge.label,
          value: acknowledge.requestId,
          style: 'primary',
        }),
      }),
    }),
  ];
}

function grantRow(card: ApprovalCard): SlackBlock[] {
  const until = fact(card, 'Granted until');
  const when = until ? `Until ${escapeSlackText(until, short)}` : escapeSlackText(card.status.label, short);
  const revoke = card.actions.find((a) => a.id === 'revoke');
  return [
    sectionBlock(`${headline(card)}\n:stopwatch: ${when}`, {
      blockId: `grant:${card.requestId}`,
      ...(revoke && {
        accessory: button({
          actionId: cardActionId('revoke'),
          label: revoke.label,
          value: revoke.requestId,
          style: 'danger',
          confirm: confirmDialog('Revoke access now?', 'The binding is removed at once.', 'Revoke'),
        }),
      }),
    }),
  ];
}

function approvalRow(card: ApprovalCard): SlackBlock[] {
  const requester = card.facts.find((f) => f.label === 'Requester');
  const reason = fact(card, 'Reason');
  const who = requester ? `From ${personField(requester)}` : '';
  const why = reason ? `${who ? ' · ' : ''}${escapeSlackText(reason, { maxLines: 1, maxLength: 300 })}` : '';
  const progress = card.progress ? `\n${escapeSlackText(card.progress, short)}` : '';
  const buttons = card.actions
    .filter((a) => a.id === 'approve' || a.id === 'deny')
    .map((a) => button({ actionId: cardActionId(a.id), label: a.label, value: a.requestId, style: a.style }));
  return [
    sectionBlock(`${headline(card)}\n${who}${why}${progress}`, { blockId: `approve:${card.requestId}` }),
    buttons.length > 0
      ? actionsBlock(buttons, `approve-actions:${card.requestId}`)
      : contextBlock([escapeSlackText(card.status.label, short)], `approve-actions:${card.requestId}`),
  ];
}
