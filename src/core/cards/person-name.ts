import type { AuditEvent } from '../audit/audit-event.ts';
import type { Platform, Principal } from '../ports/identity.ts';
import type { CardFact } from './approval-card.ts';
import type { NamedPerson } from './person-text.ts';

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

/** `person` for a line of text ({@link NamedPerson}): by {@link personName}, with their chat identity for a mention. */
export function namedPerson(person: Principal): NamedPerson {
  return {
    username: personName(person),
    chat: { platform: person.platform, platformUserId: person.platformUserId },
  };
}

const PLATFORMS: readonly Platform[] = ['slack', 'teams', 'web', 'kubectl'];
const isPlatform = (platform: string): platform is Platform =>
  (PLATFORMS as readonly string[]).includes(platform);

/**
 * The person who did `event`, for a line of text: the audit actor (a Kubernetes
 * username), with the immutable chat ID they acted from when the event records one.
 */
export function eventActor(event: Pick<AuditEvent, 'actor' | 'actorId'>): NamedPerson {
  const id = event.actorId;
  return id !== undefined && isPlatform(id.platform)
    ? { username: event.actor, chat: { platform: id.platform, platformUserId: id.userId } }
    : { username: event.actor };
}
