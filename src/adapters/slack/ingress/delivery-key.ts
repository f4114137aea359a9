/** What identifies one Slack delivery, as far as the delivery itself tells. */
export interface DeliveryFacts {
  /** The request body (slash command form, interaction payload, Events API envelope body). */
  readonly body: unknown;
  /** Socket Mode's envelope ID, when the delivery came over a socket. */
  readonly envelopeId?: string | undefined;
}

/**
 * The identity of one delivery, the same on every replica and for every retry of it:
 * a command's or click's `trigger_id`, an event's `event_id`, a view submission's
 * view ID and hash, or else the Socket Mode envelope ID. Undefined when the delivery
 * carries none of these (it is then never treated as a repeat).
 */
export function deliveryKey({ body, envelopeId }: DeliveryFacts): string | undefined {
  const {
    trigger_id: trigger,
    event_id: event,
    view,
  } = (body ?? {}) as {
    trigger_id?: unknown;
    event_id?: unknown;
    view?: { id?: unknown; hash?: unknown };
  };
  if (typeof trigger === 'string' && trigger !== '') return `t:${trigger}`;
  if (typeof event === 'string' && event !== '') return `e:${event}`;
  if (typeof view?.id === 'string' && typeof view.hash === 'string') return `v:${view.id}:${view.hash}`;
  return envelopeId !== undefined && envelopeId !== '' ? `env:${envelopeId}` : undefined;
}
