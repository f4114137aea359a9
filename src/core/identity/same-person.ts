import type { Principal } from '../ports/identity.ts';
import { emailKey, platformKey, usernameKey } from './person-keys.ts';

function provenKeys(person: Principal): string[] {
  return [
    platformKey(person.platform, person.platformUserId),
    usernameKey(person.username),
    ...(person.identityMode === 'email' && person.email ? [emailKey(person.email)] : []),
    ...(person.links ?? []),
  ];
}

function possibleKeys(person: Principal): string[] {
  return [...provenKeys(person), ...(person.email ? [emailKey(person.email)] : [])];
}

function overlap(a: readonly string[], b: readonly string[]): boolean {
  const mine = new Set(a);
  return b.some((key) => mine.has(key));
}

/**
 * True when the two principals are surely one human: they share a platform user ID, a
 * Kubernetes username (ignoring case), an email that was identity (email mode), or an
 * identifier the identity table's `people` links to either. Fit for admitting someone
 * as the requester (cancel, extend or revoke their own request or grant).
 */
export function isSamePerson(a: Principal, b: Principal): boolean {
  return overlap(provenKeys(a), provenKeys(b));
}

/**
 * True when the two principals may be one human: {@link isSamePerson}, or they share an
 * email a chat platform or identity provider reported, whatever the identity mode. An
 * email may be editable by others, so this is fit only for refusing: self-approval,
 * a second approval by the same human, reviewing one's own break-glass.
 */
export function mayBeSamePerson(a: Principal, b: Principal): boolean {
  return overlap(possibleKeys(a), possibleKeys(b));
}
