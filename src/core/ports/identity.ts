/** Where Countersign hears people: chat platforms, `web` (the console), and `kubectl` (through the proxy; platformUserId is the Kubernetes UID or username). */
export type Platform = 'slack' | 'teams' | 'web' | 'kubectl';

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

/** The platforms where people are known by a chat identity that the identity table maps. */
export type ChatPlatform = Exclude<Platform, 'kubectl'>;
