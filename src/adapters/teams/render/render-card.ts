import type { ApprovalCard, CardAction as NeutralAction, Tone } from '../../../core/cards/approval-card.ts';
import { fullChangeLabel, sentHeading, type FullChange } from '../../../core/changes/full-change.ts';
import { CARD_ACTION_FIELDS } from '../../../core/conversation/card-action-fields.ts';
import { MAX_REASON_CHARS } from '../../../core/requests/common-flags.ts';
import {
  adaptiveCard,
  textBlock,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type ExecuteAction,
  type TextColor,
} from './adaptive-card.ts';
import { CARD_VERBS } from './card-verbs.ts';
import { formFieldElement } from './form-field-element.ts';
import { escapeCardText, plainCardText } from './escape-card-text.ts';
import { TeamsMentions } from './teams-mentions.ts';

const MAX_PREVIEW_LINES = 20;
const MAX_NOTES = 15;
const one = { maxLines: 1, maxLength: 300 } as const;
const BUTTON_STYLE = { primary: 'positive', danger: 'destructive', default: 'default' } as const;

/** Buttons that unfold a nested card asking for one more thing (`body`), sent by its own `<id>-submit` button. */
const ASK_FIRST: Readonly<
  Record<'deny' | 'extend' | 'revoke', { body: CardElement; submit: string; style?: ExecuteAction['style'] }>
> = {
  deny: { body: formFieldElement(CARD_ACTION_FIELDS.reason), submit: 'Deny', style: 'destructive' },
  extend: { body: formFieldElement(CARD_ACTION_FIELDS.duration), submit: 'Extend' },
  revoke: {
    body: textBlock('Revoke access now? The binding is removed at once.'),
    submit: 'Revoke',
    style: 'destructive',
  },
};

const TONE_COLOR: Readonly<Record<Tone, TextColor>> = {
  neutral: 'default',
  attention: 'warning',
  good: 'good',
  bad: 'attention',
};

/**
 * The neutral card as an Adaptive Card: heading, status coloured by tone, facts, preview,
 * progress, rules, notes, and the buttons (Action.Execute with `{ requestId }`; deny,
 * extend and revoke unfold what they ask first) and "Show full change". Text escaped and
 * cut to fit Teams; people named with their mention beside. `withActions: false` leaves
 * the buttons off.
 */
export function renderCard(card: ApprovalCard, options: { withActions?: boolean } = {}): AdaptiveCard {
  const mentions = new TeamsMentions();
  const body: CardElement[] = [
    textBlock(escapeCardText(card.title, one), {
      id: 'title',
      size: 'large',
      weight: 'bolder',
      style: 'heading',
    }),
    textBlock(`${escapeCardText(card.status.label, one)} · ${escapeCardText(card.requestId, one)}`, {
      id: 'status',
      weight: 'bolder',
      color: TONE_COLOR[card.status.tone],
    }),
    {
      type: 'FactSet',
      id: 'facts',
      facts: card.facts.map((fact) => ({
        title: escapeCardText(fact.label, { maxLines: 1, maxLength: 100 }),
        value: fact.time
          ? `${cardDateTime(fact.time.at)}${escapeCardText(fact.time.rest, one)}`
          : `${escapeCardText(fact.value, { maxLines: 5, maxLength: MAX_REASON_CHARS + 20 })}${mentions.beside(fact.value, fact.person)}`,
      })),
    },
  ];
  if (card.preview.length > 0) body.push(previewContainer(card.previewHeading, card.preview));
  if (card.change) {
    body.push(
      textBlock(escapeCardText(card.change.notice, { maxLines: 1, maxLength: 500 }), {
        id: 'change',
        isSubtle: true,
      }),
    );
  }
  const decision = [
    ...(card.progress ? [escapeCardText(card.progress, one)] : []),
    ...(card.matchedRules.length > 0
      ? [`Matched rules: ${escapeCardText(card.matchedRules.join(', '), { maxLines: 1, maxLength: 1000 })}`]
      : []),
  ];
  if (decision.length > 0) body.push(subtleContainer('decision', decision));
  if (card.notes.length > 0) {
    const notes = card.notes
      .slice(0, MAX_NOTES)
      .map((n) => mentions.text(n, { maxLines: 2, maxLength: 300 }));
    if (card.notes.length > MAX_NOTES) notes.push(`and ${card.notes.length - MAX_NOTES} more`);
    body.push(subtleContainer('notes', notes));
  }
  const actions = [
    ...(options.withActions === false ? [] : card.actions.map(cardAction)),
    ...(card.change ? [fullChangeAction(card.change.full)] : []),
  ];
  return mentions.on(
    adaptiveCard(
      plainCardText(`${card.status.label}: ${card.title} (${card.requestId})`, 300),
      body,
      actions,
    ),
  );
}

/**
 * A time in the reader's own zone (`{{DATE()}} {{TIME()}}`, which Teams shows to the
 * minute): rounded up to the minute, so an end time never reads earlier than it is.
 */
export function cardDateTime(at: number): string {
  const iso = `${new Date(Math.ceil(at / 60_000) * 60_000).toISOString().slice(0, 19)}Z`;
  return `{{DATE(${iso}, SHORT)}} {{TIME(${iso})}}`;
}

function previewContainer(heading: string, lines: readonly string[]): CardElement {
  const shown = lines
    .slice(0, MAX_PREVIEW_LINES)
    .map((line) => textBlock(`• ${escapeCardText(line, one)}`, { spacing: 'none' }));
  if (lines.length > MAX_PREVIEW_LINES) {
    shown.push(textBlock(`• and ${lines.length - MAX_PREVIEW_LINES} more`, { spacing: 'none' }));
  }
  return {
    type: 'Container',
    id: 'preview',
    items: [textBlock(escapeCardText(heading, one), { weight: 'bolder' }), ...shown],
  };
}

/** Whole text, every line kept, escaped like any card text: the core's size limit, not a cut, keeps it in Teams' 28 KB. */
const whole = { maxLines: Number.MAX_SAFE_INTEGER, maxLength: Number.MAX_SAFE_INTEGER } as const;

/**
 * "Show full change" (or "Show full request"): every changed path with its old and new
 * value in one monospace block (bytes of text, not card elements), then what is sent.
 */
function fullChangeAction(change: FullChange): CardAction {
  const count = change.paths.length === 1 ? '1 changed path' : `${change.paths.length} changed paths`;
  const paths = change.paths.map((p) => `${p.path}\n  was: ${p.before}\n  now: ${p.after}`).join('\n');
  const pin = change.pinnedUid
    ? ` Execution adds metadata.uid ${escapeCardText(change.pinnedUid, one)}, so it applies to the approved object only.`
    : '';
  return {
    type: 'Action.ShowCard',
    id: 'full-change',
    title: fullChangeLabel(change),
    card: {
      type: 'AdaptiveCard',
      body: [
        ...(change.kind === 'patch'
          ? [textBlock(`${count}, each with its whole old and new value:`, { weight: 'bolder' })]
          : []),
        ...(change.paths.length > 0
          ? [textBlock(escapeCardText(paths, whole), { id: 'full-change-paths', fontType: 'monospace' })]
          : []),
        textBlock(`${escapeCardText(sentHeading(change), { maxLines: 1, maxLength: 2000 })}${pin}`, {
          weight: 'bolder',
        }),
        textBlock(escapeCardText(change.sent, whole), { id: 'full-change-patch', fontType: 'monospace' }),
      ],
    },
  };
}

function subtleContainer(id: string, lines: readonly string[]): CardElement {
  return {
    type: 'Container',
    id,
    items: lines.map((line, i) =>
      textBlock(line, { isSubtle: true, size: 'small', ...(i > 0 ? { spacing: 'none' } : {}) }),
    ),
  };
}

function cardAction(action: NeutralAction): CardAction {
  const execute = (id: string, title: string, style?: ExecuteAction['style']): ExecuteAction => ({
    type: 'Action.Execute',
    id,
    title,
    verb: CARD_VERBS[action.id],
    data: { requestId: action.requestId },
    ...(style ? { style } : {}),
  });
  const style = BUTTON_STYLE[action.style];
  const ask = action.id in ASK_FIRST ? ASK_FIRST[action.id as keyof typeof ASK_FIRST] : undefined;
  if (!ask) return execute(action.id, action.label, style);
  return {
    type: 'Action.ShowCard',
    id: action.id,
    title: action.label,
    style,
    card: {
      type: 'AdaptiveCard',
      body: [ask.body],
      actions: [execute(`${action.id}-submit`, ask.submit, ask.style)],
    },
  };
}
