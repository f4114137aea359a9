import type { OnCallProvider } from '../policy/on-call-target.ts';
import type { Platform } from '../ports/identity.ts';

/**
 * Typed identifiers of a person, comparable across platforms: `slack:U0123`,
 * `teams:<Entra object ID>`, `web:<OIDC subject>`, `kubectl:<UID or username>`,
 * `email:<address>`, `username:<Kubernetes username>`. Emails, usernames and Entra
 * object IDs are lower-cased (Kubernetes usernames are compared ignoring case, to
 * refuse rather than admit a look-alike); Slack IDs and OIDC subjects are kept as given.
 */
export function platformKey(platform: Platform, id: string): string {
  return `${platform}:${platform === 'teams' ? id.toLowerCase() : id}`;
}

/** The typed identifier of an email address (see {@link platformKey}). */
export function emailKey(email: string): string {
  return `email:${email.toLowerCase()}`;
}

/** The typed identifier of a Kubernetes username (see {@link platformKey}). */
export function usernameKey(username: string): string {
  return `username:${username.toLowerCase()}`;
}

/**
 * The typed identifier of an on-call service's user: `pagerduty:<user ID>` (kept as
 * given) or `opsgenie:<username>` (lower-cased: Opsgenie usernames are email addresses).
 */
export function onCallUserKey(provider: OnCallProvider, id: string): string {
  return `${provider}:${provider === 'opsgenie' ? id.toLowerCase() : id}`;
}
