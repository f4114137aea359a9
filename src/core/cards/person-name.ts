import type { Principal } from '../ports/identity.ts';
import type { CardFact } from './approval-card.ts';

/**
 * The one display rule for people on every surface (cards, thread lines, direct
 * messages, the console's pages): a person is named by their Kubernetes username, the
 * name their approvals, grants and audit records carry; a renderer that can mention
 * them on its platform puts the mention beside it (Slack: `alice (<@U…>)`). Never by a
 * chat or identity-provider display name: its owner can edit it to read as someone else.
 */
export function personName(person: Pick<Principal, 'username'>): string {
  return person.username;
}

/** A card fact naming `person` by {@link personName}, with their chat identity so a renderer can put their mention beside it. */
export function personFact(label: string, person: Principal): CardFact {
  return {
    label,
    value: personName(person),
    person: { platform: person.platform, platformUserId: person.platformUserId },
  };
}
