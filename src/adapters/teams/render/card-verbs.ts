/**
 * The `verb` of every Action.Execute Countersign puts on a card. The action's `data`
 * carries the request ID only; a deny reason or an extension comes from the card's
 * own inputs, never from data a client could rewrite into a command.
 */
export const CARD_VERBS = {
  approve: 'countersign.approve',
  deny: 'countersign.deny',
  extend: 'countersign.extend',
  revoke: 'countersign.revoke',
  cancel: 'countersign.cancel',
  acknowledge: 'countersign.acknowledge',
  form: 'countersign.form',
} as const;

/** One of {@link CARD_VERBS}. */
export type CardVerb = (typeof CARD_VERBS)[keyof typeof CARD_VERBS];
