import type { AuditRecord } from '../../src/core/audit/audit-record.ts';
import type { ChainVerdict } from '../../src/core/audit/verify-chain.ts';

/** One copy of a request's card, as a person sees it on a surface. */
export interface CardCopy {
  readonly requestId: string;
  /** Where it is: a channel name such as `#prod-approvals`, or a conversation. */
  readonly where: string;
  /** Every visible word of the card, flattened to plain text. */
  readonly text: string;
  /** The buttons it offers: `approve`, `deny`, `extend`, `revoke`, ... */
  readonly actions: readonly string[];
}

/**
 * How a scenario acts on one chat surface and reads what people see there, in the
 * story's terms: people by name (`alice`), channels by the names policy uses
 * (`#prod-approvals`), requests by ID. Implemented once per surface (Slack, Teams,
 * the web console) so the same story runs on each unchanged. Every method waits for
 * the surface to answer; what it returns is what the person would read.
 */
export interface BotDriver {
  readonly surface: string;
  /**
   * True where each channel a card goes to gets its own copy (Slack, Teams); false on
   * the web console, where a request has one card wherever it is shown and there is no
   * incident channel.
   */
  readonly cardsInChannels: boolean;
  /** `person` types the request command; resolves with the ID filed and the reply they saw. */
  request(person: string, text: string): Promise<{ readonly requestId: string; readonly reply: string }>;
  /** `person` clicks Approve on the request's card; resolves with what they alone were told. */
  approve(person: string, requestId: string): Promise<string>;
  /** `person` clicks Deny and gives `reason`; resolves with what they alone were told. */
  deny(person: string, requestId: string, reason: string): Promise<string>;
  /**
   * `person` clicks Extend on the grant's card and asks for `duration` more (`30m`, `1h`,
   * ...) where the surface asks for the length; resolves with what they alone were told.
   */
  extend(person: string, requestId: string, duration: string): Promise<string>;
  /** `person` clicks Revoke now on the grant's card; resolves with what they alone were told. */
  revoke(person: string, requestId: string): Promise<string>;
  /** `person` clicks Acknowledge on a break-glass run's card; resolves with what they alone were told. */
  acknowledge(person: string, requestId: string): Promise<string>;
  /**
   * `person` types a `--break-glass` request, follows the sign-in link they alone are
   * shown and signs in again at the identity provider; resolves with the request's ID
   * and what the page after the sign-in said.
   */
  breakGlass(person: string, text: string): Promise<{ readonly requestId: string; readonly reply: string }>;
  /** The next card (not seen before through this method) posted in `channel`. */
  nextCard(channel: string, timeoutMs?: number): Promise<CardCopy>;
  /** Every copy of the request's card, as it reads now. */
  cardCopies(requestId: string): Promise<CardCopy[]>;
  /** The lines in the request's thread under its copy in `channel`, oldest first. */
  threadLines(requestId: string, channel: string): Promise<string[]>;
  /** What `person` was told directly (DM, activity feed) about the request, oldest first. */
  directMessages(person: string, requestId: string): Promise<string[]>;
}

/**
 * A person's fresh sign-in at the identity provider (step-up): opens the single-use
 * `link` a surface showed `person` and signs in as them with MFA; resolves with the
 * page Countersign showed after the sign-in.
 */
export type SignInAgain = (person: string, link: string) => Promise<string>;

/** What a story checks outside the chat: the cluster and the audit chain. */
export interface StoryWorld {
  /** `spec.replicas` of a Deployment, read from the cluster. */
  replicas(namespace: string, name: string): Promise<number>;
  /** The audit records of one request, in chain order. */
  auditEvents(requestId: string): Promise<AuditRecord[]>;
  /** The whole audit chain, verified link by link. */
  verifyAudit(): Promise<ChainVerdict>;
}

/** A RoleBinding as the API server has it. */
export interface BindingOnCluster {
  /** `ClusterRole/view`. */
  readonly role: string;
  /** `User/alice`, ... */
  readonly subjects: readonly string[];
  /** Its `countersign.io/expires-at` annotation (RFC 3339), or empty. */
  readonly expiresAt: string;
}

/** A story's world that also reads grants: the RoleBindings on the cluster. */
export interface ClusterWorld extends StoryWorld {
  /** The RoleBinding `name` in `namespace`, read from the cluster; undefined when there is none. */
  binding(namespace: string, name: string): Promise<BindingOnCluster | undefined>;
}

/** Retries `check` until it returns something (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (performance.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
