import type { Principal } from '../ports/identity.ts';
import type { OnCallRoster } from '../ports/on-call.ts';
import { onCallUserKey } from './person-keys.ts';

/**
 * True when `person` is one of the roster's on-call users. A user counts by their
 * on-call identifier (PagerDuty user ID, Opsgenie username) that the identity table's
 * `people` links to the person (`pagerduty: [PXYZ123]`, `opsgenie: [a@x.com]`); in
 * `email` identity mode also by the email the on-call service reports equalling the
 * person's email, because there the email already is identity (so the on-call
 * service's emails must come from the same SSO). A display name never counts.
 */
export function isOnCall(person: Principal, roster: OnCallRoster): boolean {
  const links = new Set(person.links ?? []);
  const email = person.identityMode === 'email' ? person.email?.toLowerCase() : undefined;
  const { provider } = roster.target;
  return roster.users.some((user) => {
    if (links.has(onCallUserKey(provider, user.id))) return true;
    if (email === undefined) return false;
    const reported = user.email ?? (provider === 'opsgenie' ? user.id : undefined);
    return reported?.toLowerCase() === email;
  });
}
