/**
 * Every state a filed request can be in (docs/spec.md §3). `approved` is also reached by an
 * auto-approve rule; `expired` means either no decision within the request TTL or a
 * grant that reached its `expiresAt`; `active` is an access grant in force.
 */
export const REQUEST_STATES = [
  'pending',
  'approved',
  'denied',
  'expired',
  'cancelled',
  'queued',
  'executing',
  'succeeded',
  'failed',
  'active',
  'revoked',
] as const;

/** One of {@link REQUEST_STATES}. */
export type RequestState = (typeof REQUEST_STATES)[number];
