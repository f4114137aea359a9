import type { ApprovalCard, CardAction, CardFact } from '../../../core/cards/approval-card.ts';
import { ceilToSecond, formatCardTime } from '../../../core/cards/format-time.ts';
import type { PersonText } from '../../../core/cards/person-text.ts';
import { fullChangeLabel } from '../../../core/changes/full-change.ts';
import {
  actionsBlock,
  button,
  confirmDialog,
  contextBlock,
  fieldSections,
  headerBlock,
  sectionBlock,
  type SlackBlock,
  type SlackMessage,
} from './block-kit.ts';
import { escapeSlackCode, escapeSlackText } from './escape-mrkdwn.ts';
import { cardActionId, SHOW_CHANGE_ACTION_ID } from './interaction-ids.ts';
import { SLACK_LIMITS } from './slack-limits.ts';
import { slackMention } from './slack-mention.ts';
import { slackPersonText } from './slack-person-text.ts';
import { toneEmoji } from './tone-emoji.ts';

const MAX_PREVIEW_LINES = 20;
const MAX_NOTES = 15;

/**
 * The neutral card as a Block Kit message: title, status line, facts as fields, the
 * preview (with "Show full change" on a patch), progress and matched rules, notes and
 * buttons; all card text escaped and cut with `…` to Slack's limits.
 */
export function renderCard(card: ApprovalCard): SlackMessage {
  const blocks: SlackBlock[] = [
    headerBlock(card.title, 'title'),
    sectionBlock(
      `${toneEmoji(card.status.tone)} *${escapeSlackText(card.status.label, { maxLines: 1, maxLength: 200 })}*  ·  \`${escapeSlackCode(card.requestId, 200)}\``,
      { blockId: 'status' },
    ),
    ...fieldSections(card.facts.map(factField), 'facts'),
  ];
  if (card.preview.length > 0) {
    blocks.push(sectionBlock(previewText(card.previewHeading, card.preview), { blockId: 'preview' }));
  }
  if (card.change) {
    blocks.push(
      sectionBlock(`:mag: ${escapeSlackText(card.change.notice, { maxLines: 1, maxLength: 500 })}`, {
        blockId: 'change',
        accessory: button({
          actionId: SHOW_CHANGE_ACTION_ID,
          label: fullChangeLabel(card.change.full),
          value: card.requestId,
        }),
      }),
    );
  }
  const decision = [
    ...(card.progress ? [`:busts_in_silhouette: ${escapeSlackText(card.progress, { maxLines: 1 })}`] : []),
    ...(card.matchedRules.length > 0
      ? [`Matched rules: ${escapeSlackText(card.matchedRules.join(', '), { maxLines: 1, maxLength: 1000 })}`]
      : []),
  ];
  if (decision.length > 0) blocks.push(contextBlock(decision, 'decision'));
  if (card.notes.length > 0) blocks.push(contextBlock([notesText(card.notes)], 'notes'));
  if (card.actions.length > 0) blocks.push(actionsBlock(card.actions.map(cardButton), 'actions'));
  return {
    text: escapeSlackText(`${card.status.label}: ${card.title} (${card.requestId})`, {
      maxLines: 1,
      maxLength: SLACK_LIMITS.fallbackText,
    }),
    blocks: blocks.slice(0, SLACK_LIMITS.messageBlocks),
  };
}

function factField(fact: CardFact): string {
  const label = `*${escapeSlackText(fact.label, { maxLines: 1, maxLength: 100 })}*\n`;
  if (fact.time) {
    const rest = escapeSlackText(fact.time.rest, { maxLines: 1, maxLength: 200 });
    return `${label}${slackDate(fact.time.at)}${rest}`;
  }
  const mention = slackMention(fact.person);
  const value = escapeSlackText(fact.value, {
    maxLines: 5,
    maxLength: SLACK_LIMITS.fieldText - label.length - mention.length,
  });
  return `${label}${value}${mention}`;
}

/**
 * A time in the reader's own zone (`<!date^…>`), to the second when it has seconds so
 * it never reads earlier than it is; the UTC text where the client cannot localise.
 */
export function slackDate(at: number): string {
  const ms = ceilToSecond(at);
  const format = ms % 60_000 === 0 ? '{date_num} {time}' : '{date_num} {time_secs}';
  return `<!date^${ms / 1000}^${format}|${formatCardTime(ms)}>`;
}

function previewText(title: string, lines: readonly string[]): string {
  const heading = `*${escapeSlackText(title, { maxLines: 1, maxLength: 100 })}*`;
  const moreRoom = 40;
  const out = [heading];
  let used = heading.length;
  let shown = 0;
  for (const line of lines.slice(0, MAX_PREVIEW_LINES)) {
    const bullet = `• ${escapeSlackText(line, { maxLines: 1, maxLength: 300 })}`;
    if (used + 1 + bullet.length > SLACK_LIMITS.text - moreRoom) break;
    out.push(bullet);
    used += 1 + bullet.length;
    shown++;
  }
  if (shown < lines.length) out.push(`• and ${lines.length - shown} more`);
  return out.join('\n');
}

function notesText(notes: readonly PersonText[]): string {
  const shown = notes.slice(0, MAX_NOTES).map((n) => slackPersonText(n, { maxLines: 2, maxLength: 180 }));
  if (notes.length > MAX_NOTES) shown.push(`and ${notes.length - MAX_NOTES} more`);
  return shown.join('\n');
}

/** A card action as a button carrying the request ID; Revoke asks for confirmation. */
export function cardButton(action: CardAction): ReturnType<typeof button> {
  return button({
    actionId: cardActionId(action.id),
    label: action.label,
    value: action.requestId,
    style: action.style,
    ...(action.id === 'revoke' && {
      confirm: confirmDialog('Revoke access now?', 'The binding is removed at once.', 'Revoke'),
    }),
  });
}
