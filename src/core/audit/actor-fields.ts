import type { Principal } from '../ports/identity.ts';
import { SYSTEM_ACTOR, type AuditEvent } from './audit-event.ts';

/**
 * The `actor` and `actorId` fields of an event by `actor`: a person is recorded by
 * Kubernetes username and the immutable ID of the surface they acted from (Slack
 * user ID, Entra object ID, OIDC subject); Countersign itself by {@link SYSTEM_ACTOR}.
 */
export function actorFields(actor: Principal | typeof SYSTEM_ACTOR): Pick<AuditEvent, 'actor' | 'actorId'> {
  return actor === SYSTEM_ACTOR
    ? { actor }
    : { actor: actor.username, actorId: { platform: actor.platform, userId: actor.platformUserId } };
}
