import type { CardAction } from '../cards/approval-card.ts';
import { MAX_REASON_CHARS } from '../requests/common-flags.ts';
import type { FormFieldLayout } from './request-form-layout.ts';

/** The lengths an extension may add, as `--for` reads them; every surface offers these. */
export const EXTEND_DURATIONS = ['30m', '1h', '2h', '4h'] as const;

/**
 * The one field a card button asks for before it acts, the same on every surface:
 * Deny a required reason the requester sees, Extend how much longer (1h preselected;
 * policy still caps the total). Submitted under the field's `id`.
 */
export const CARD_ACTION_FIELDS = {
  reason: {
    id: 'reason',
    label: 'Why deny it? The requester sees this.',
    input: 'multiline',
    kinds: ['action', 'access'],
    required: true,
    placeholder: 'e.g. not during the freeze; ask again after 18:00',
    refusal: 'Say why; the requester sees it.',
    maxLength: MAX_REASON_CHARS,
  },
  duration: {
    id: 'duration',
    label: 'Add',
    input: 'select',
    kinds: ['access'],
    required: true,
    choices: EXTEND_DURATIONS.map((d) => ({ title: d, value: d })),
    initial: '1h',
    refusal: 'Choose how much longer.',
  },
} satisfies Readonly<Record<NonNullable<CardAction['asks']>, FormFieldLayout>>;
