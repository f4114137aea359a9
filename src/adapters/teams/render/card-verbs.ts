/** The `verb` of every Action.Execute on Countersign's cards (their `data` is the request ID only). */
export const CARD_VERBS = {
  approve: 'countersign.approve',
  deny: 'countersign.deny',
  extend: 'countersign.extend',
  revoke: 'countersign.revoke',
  cancel: 'countersign.cancel',
  acknowledge: 'countersign.acknowledge',
  form: 'countersign.form',
} as const;
