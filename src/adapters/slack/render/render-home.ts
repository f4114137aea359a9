import type { types } from '@slack/bolt';
import type { ApprovalCard, CardAction, CardFact } from '../../../core/cards/approval-card.ts';
import type {
  HomeRow,
  HomeSection,
  HomeSectionId,
  PersonHome,
} from '../../../core/conversation/person-home.ts';
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
import { cardButton, slackDate } from './render-card.ts';
import { cardActionId } from './interaction-ids.ts';
import { SLACK_LIMITS } from './slack-limits.ts';
import { slackMention } from './slack-mention.ts';
import { toneEmoji } from './tone-emoji.ts';

/** Per kind of section: how many blocks one row takes, and how a row is drawn. */
const ROWS: Readonly<Record<HomeSectionId, { cost: number; row: (row: HomeRow) => SlackBlock[] }>> = {
  'break-glass': { cost: 1, row: breakGlassRow },
  mine: { cost: 1, row: openRow },
  grants: { cost: 1, row: grantRow },
  approve: { cost: 2, row: approvalRow },
  scheduled: { cost: 1, row: waitingRow },
};

interface Part extends HomeSection {
  /** Blocks one row takes. */
  readonly cost: number;
  readonly row: (row: HomeRow) => SlackBlock[];
  shown: number;
}

const short = { maxLines: 1, maxLength: 200 } as const;

/**
 * The App Home tab, drawn from the core's {@link PersonHome} (sections in its order, one
 * compact row per request with its button), under at most three notes; it fits Slack's
 * 100-block limit by showing fewer rows of the longest lists, each ending "and N more".
 */
export function renderHome(home: PersonHome): types.HomeView {
  const parts: Part[] = home.sections.map((s) => ({ ...s, ...ROWS[s.id], shown: s.rows.length }));
  const notes = home.notes.slice(0, 3);
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
    if (p.rows.length === 0) blocks.push(contextBlock([p.empty ?? ''], `${p.id}-empty`));
    p.rows.slice(0, p.shown).forEach((row) => blocks.push(...p.row(row)));
    if (p.shown < p.rows.length)
      blocks.push(contextBlock([`and ${p.rows.length - p.shown} more`], `${p.id}-more`));
  });
  return { type: 'home', blocks };
}

function blockCount(parts: readonly Part[]): number {
  return parts.reduce(
    (sum, p) => sum + 1 + (p.rows.length === 0 ? 1 : p.shown * p.cost) + (p.shown < p.rows.length ? 1 : 0),
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

function fact(card: ApprovalCard, label: string): CardFact | undefined {
  return card.facts.find((f) => f.label === label);
}

/** One row's section: the headline over `line`, a button beside it where there is one. */
function row(id: string, card: ApprovalCard, line: string, accessory?: types.Button): SlackBlock[] {
  return [
    sectionBlock(`${headline(card)}\n${line}`, {
      blockId: `${id}:${card.requestId}`,
      ...(accessory && { accessory }),
    }),
  ];
}

function actionButton(card: ApprovalCard, id: CardAction['id']): types.Button | undefined {
  const action = card.actions.find((a) => a.id === id);
  return action && cardButton(action);
}

/** Cancel on a row of the requester's own request, confirmed with what cancelling means. */
function cancelButton({ card, cancel }: HomeRow): types.Button | undefined {
  if (cancel === undefined) return undefined;
  return button({
    actionId: cardActionId('cancel'),
    label: 'Cancel',
    value: card.requestId,
    confirm: confirmDialog('Cancel this request?', cancel, 'Cancel request'),
  });
}

function openRow(home: HomeRow): SlackBlock[] {
  const { card } = home;
  const status = `${toneEmoji(card.status.tone)} ${escapeSlackText(card.status.label, short)}`;
  const progress = card.progress ? ` · ${escapeSlackText(card.progress, short)}` : '';
  return row('mine', card, `${status}${progress}`, cancelButton(home));
}

function waitingRow(home: HomeRow): SlackBlock[] {
  const starts = fact(home.card, 'Starts')?.time;
  const when = starts
    ? `:alarm_clock: Starts ${slackDate(starts.at)}`
    : escapeSlackText(home.card.status.label, short);
  return row('scheduled', home.card, when, cancelButton(home));
}

/** A break-glass run: who ran it (username, mention beside), under which incident, why, and Acknowledge while unreviewed. */
function breakGlassRow({ card }: HomeRow): SlackBlock[] {
  const requester = fact(card, 'Requester');
  const incident = fact(card, 'Incident')?.value;
  const reason = fact(card, 'Reason')?.value;
  const who = requester ? ` by ${personField(requester)}` : '';
  const under = incident ? ` under ${escapeSlackText(incident, short)}` : '';
  const why = reason ? `\n${escapeSlackText(reason, { maxLines: 1, maxLength: 300 })}` : '';
  const line = `:rotating_light: Ran without approval${who}${under}${why}`;
  return row('break-glass', card, line, actionButton(card, 'acknowledge'));
}

function grantRow({ card }: HomeRow): SlackBlock[] {
  const until = fact(card, 'Granted until')?.value;
  const when = until ? `Until ${escapeSlackText(until, short)}` : escapeSlackText(card.status.label, short);
  return row('grant', card, `:stopwatch: ${when}`, actionButton(card, 'revoke'));
}

function approvalRow({ card }: HomeRow): SlackBlock[] {
  const requester = fact(card, 'Requester');
  const reason = fact(card, 'Reason')?.value;
  const who = requester ? `From ${personField(requester)}` : '';
  const why = reason ? `${who ? ' · ' : ''}${escapeSlackText(reason, { maxLines: 1, maxLength: 300 })}` : '';
  const progress = card.progress ? `\n${escapeSlackText(card.progress, short)}` : '';
  const buttons = card.actions.filter((a) => a.id === 'approve' || a.id === 'deny').map(cardButton);
  return [
    ...row('approve', card, `${who}${why}${progress}`),
    buttons.length > 0
      ? actionsBlock(buttons, `approve-actions:${card.requestId}`)
      : contextBlock([escapeSlackText(card.status.label, short)], `approve-actions:${card.requestId}`),
  ];
}
