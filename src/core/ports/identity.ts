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
  /**
   * The identity rules' mode when this person was resolved from a chat identity. Only
   * in `email` mode is the platform's email trusted as identity (approver lists match it).
   */
  readonly identityMode?: 'table' | 'email';
  /**
   * Typed identifiers (`slack:U0123`, `email:a@x.com`, ...; see `core/identity/person-keys.ts`)
   * the identity table's `people` links to this person besides their own.
   */
  readonly links?: readonly string[];
}

/** The platforms where people are known by a chat identity that the identity table maps. */
export type ChatPlatform = Exclude<Platform, 'kubectl'>;
