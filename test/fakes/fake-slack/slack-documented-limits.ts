/**
 * Slack's documented limits, written out here as literals so the fake enforces what
 * Slack documents, not what the product believes (a wrong product constant then fails
 * against the fake instead of passing on both sides). Sources: docs.slack.dev reference
 * pages for blocks, block elements, composition objects, views, chat.postMessage
 * (`msg_too_long`, "1 message per second per channel, short bursts allowed"), and
 * "Handling user interaction" (a `response_url` takes up to 5 responses within 30 minutes).
 */
export const SLACK_DOCUMENTED_LIMITS = {
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Blocks in a modal or Home tab view. */
  viewBlocks: 100,
  /** Any text object. */
  text: 3000,
  /** A section's `fields`: at most 10, each at most 2000. */
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  blockId: 255,
  actionId: 255,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  radioOptions: 10,
  inputLabel: 2000,
  inputHint: 2000,
  inputMaxLength: 3000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** A message's top-level `text` beyond this is refused with `msg_too_long`. */
  messageText: 40_000,
  /** Responses one `response_url` accepts. */
  responseUrlUses: 5,
  /** How long a `response_url` stays usable after the interaction. */
  responseUrlTtlMs: 30 * 60_000,
  /** chat.postMessage to one channel: one message per second sustained. */
  postMessagePerChannelPerSecond: 1,
} as const;

/**
 * How many chat.postMessage calls to one channel may come at once before the per-second
 * rate applies. Slack allows "short bursts" without a number; this is the fake's choice.
 */
export const POST_MESSAGE_CHANNEL_BURST = 5;
