import type { types } from '@slack/bolt';
import { toPlainText } from './plain-text.ts';
import { SLACK_LIMITS } from './slack-limits.ts';
import { truncateEscaped } from './escape-mrkdwn.ts';

/** A Block Kit block as the renderers produce it. */
export type SlackBlock = types.KnownBlock;

/**
 * A `verbatim` (no auto-links, no bare mentions) `mrkdwn` object for escaped text, cut
 * to `maxLength` as a last guard; empty text, which Slack refuses, becomes `—`.
 */
export function mrkdwn(escaped: string, maxLength: number = SLACK_LIMITS.text): types.MrkdwnElement {
  return { type: 'mrkdwn', text: truncateEscaped(escaped === '' ? '—' : escaped, maxLength), verbatim: true };
}

/** A `plain_text` object with emoji shortcodes left unconverted, cut to `maxLength`. */
export function plain(text: string, maxLength: number = SLACK_LIMITS.text): types.PlainTextElement {
  return { type: 'plain_text', text: toPlainText(text, maxLength), emoji: false };
}

/** A header block; its text is plain and at most 150 characters. */
export function headerBlock(text: string, blockId?: string): types.HeaderBlock {
  return {
    type: 'header',
    ...(blockId && { block_id: blockId }),
    text: plain(text, SLACK_LIMITS.headerText),
  };
}

/** A section of escaped mrkdwn text (at most 3000 characters), optionally with one accessory. */
export function sectionBlock(
  escaped: string,
  options: { blockId?: string; accessory?: types.Button } = {},
): types.SectionBlock {
  return {
    type: 'section',
    ...(options.blockId && { block_id: options.blockId }),
    text: mrkdwn(escaped),
    ...(options.accessory && { accessory: options.accessory }),
  };
}

/** Sections of escaped mrkdwn fields, ten to a section, block IDs `blockId`, `blockId-2`, ... */
export function fieldSections(escapedFields: readonly string[], blockId: string): types.SectionBlock[] {
  const sections: types.SectionBlock[] = [];
  for (let i = 0; i < escapedFields.length; i += SLACK_LIMITS.sectionFields) {
    const chunk = escapedFields.slice(i, i + SLACK_LIMITS.sectionFields);
    sections.push({
      type: 'section',
      block_id: i === 0 ? blockId : `${blockId}-${i / SLACK_LIMITS.sectionFields + 1}`,
      fields: chunk.map((field) => mrkdwn(field, SLACK_LIMITS.fieldText)),
    });
  }
  return sections;
}

/** A context block of escaped mrkdwn elements; past ten, the tenth says how many more. */
export function contextBlock(escapedElements: readonly string[], blockId?: string): types.ContextBlock {
  const max = SLACK_LIMITS.contextElements;
  const shown =
    escapedElements.length <= max
      ? escapedElements
      : [...escapedElements.slice(0, max - 1), `and ${escapedElements.length - (max - 1)} more`];
  return {
    type: 'context',
    ...(blockId && { block_id: blockId }),
    elements: shown.map((text) => mrkdwn(text)),
  };
}

/** A confirmation dialog for a button whose click cannot be undone. */
export function confirmDialog(title: string, text: string, confirm: string): types.ConfirmationDialog {
  return {
    title: plain(title, SLACK_LIMITS.confirmTitle),
    text: plain(text, SLACK_LIMITS.confirmText),
    confirm: plain(confirm, SLACK_LIMITS.confirmButton),
    deny: plain('Cancel', SLACK_LIMITS.confirmButton),
  };
}

/** What a button needs: its action, label, value and look. */
export interface ButtonSpec {
  readonly actionId: string;
  readonly label: string;
  readonly value: string;
  readonly style?: 'primary' | 'danger' | 'default';
  readonly confirm?: types.ConfirmationDialog;
}

/** A button, its label cut to fit; an `action_id` or `value` (a request ID) too long for Slack throws. */
export function button(spec: ButtonSpec): types.Button {
  if (spec.actionId.length > SLACK_LIMITS.actionId || spec.value.length > SLACK_LIMITS.buttonValue) {
    throw new RangeError(`button ${spec.actionId.slice(0, 40)} exceeds Slack's action_id or value limit`);
  }
  return {
    type: 'button',
    action_id: spec.actionId,
    text: plain(spec.label, SLACK_LIMITS.buttonText),
    value: spec.value,
    ...(spec.style && spec.style !== 'default' && { style: spec.style }),
    ...(spec.confirm && { confirm: spec.confirm }),
  };
}

/** An actions block of at most 25 elements. */
export function actionsBlock(elements: readonly types.Button[], blockId?: string): types.ActionsBlock {
  return {
    type: 'actions',
    ...(blockId && { block_id: blockId }),
    elements: elements.slice(0, SLACK_LIMITS.actionsElements),
  };
}

/** A message body: blocks plus the top-level `text` Slack shows in notifications and screen readers. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: SlackBlock[];
}
