/** Slack's published Block Kit and Web API limits (docs.slack.dev), in UTF-16 code units or items. */
export const SLACK_LIMITS = {
  /** Blocks in one message (chat.postMessage, chat.update, chat.postEphemeral). */
  messageBlocks: 50,
  /** Blocks in a modal or Home tab view. */
  viewBlocks: 100,
  /** Any text object (section text, context text, ...): at least 1, at most 3000. */
  text: 3000,
  /** A section's `fields`: at most 10, each at most 2000. */
  sectionFields: 10,
  fieldText: 2000,
  /** A header block's plain_text. */
  headerText: 150,
  /** A context block's elements. */
  contextElements: 10,
  /** An actions block's elements. */
  actionsElements: 25,
  actionId: 255,
  /** A button's plain_text label and its `value`. */
  buttonText: 75,
  buttonValue: 2000,
  /** Select menus: options per menu, each option's text and value, and placeholders. */
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  /** An input block's label and hint. */
  inputLabel: 2000,
  inputHint: 2000,
  /** A plain_text_input's max_length ceiling. */
  inputMaxLength: 3000,
  /** A modal's title, submit and close labels. */
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  /** A confirmation dialog's title, text and buttons. */
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** The top-level `text` of a message; Slack truncates at 40,000, we keep notifications short. */
  fallbackText: 3000,
} as const;
