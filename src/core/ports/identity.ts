/** Chat platforms Countersign speaks on; `web` is the console. */
export type Platform = 'slack' | 'teams' | 'web';

/**
 * A person as Kubernetes and policy see them, resolved from a chat identity.
 * `platformUserId` is the immutable ID (Slack user ID, Entra object ID, OIDC subject).
 */
export interface Principal {
  readonly platform: Platform;
  readonly platformUserId: string;
  /** Kubernetes username, e.g. `alice@example.com`. */
  readonly username: string;
  readonly groups: readonly string[];
  readonly email?: string;
  readonly displayName?: string;
}
