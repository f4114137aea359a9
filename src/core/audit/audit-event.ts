/** Every kind of event the audit chain records (docs/spec.md §5.9). */
export const AUDIT_EVENT_TYPES = [
  'submitted',
  'decided',
  'approved',
  'step-up',
  'denied',
  'cancelled',
  'expired',
  'queued',
  'executed',
  'failed',
  'granted',
  'extended',
  'revoked',
  'grant-expired',
  'break-glass',
  'swept',
  'break-glass-reviewed',
  'escalated',
  'refused',
  'step-up-failed',
  'signed-in',
  'policy-reloaded',
  'identity-table-reloaded',
] as const;

/** One of {@link AUDIT_EVENT_TYPES}. */
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** The actor recorded when Countersign itself acts (policy, timers, the sweep). */
export const SYSTEM_ACTOR = 'countersign';

/**
 * The identity an action or a grant was carried out as on the cluster: the requester
 * impersonated (their username and groups) or Countersign's own ServiceAccount.
 */
export type ExecutedAs = { kind: 'requester'; username: string; groups: string[] } | { kind: 'countersign' };

/** What each event type carries in `details`. Only JSON values: the chain hashes them. */
export interface AuditEventDetails {
  submitted: {
    kind: 'action' | 'access' | 'api';
    verb: string;
    text: string;
    /** `kubectl` for a request held by the proxy; absent for a `/k8s-request`. */
    origin?: 'kubectl';
    /** For a kubectl request: the exact HTTP request, e.g. `DELETE /api/v1/namespaces/prod/pods/web`. */
    apiRequest?: string;
    /** For a kubectl request: SHA-256 of its body. */
    bodySha256?: string;
    cluster: string;
    namespace?: string;
    reason: string;
    incident?: string;
    /** When it takes effect (`--at` / `--in`), ISO 8601; absent means as soon as approved. */
    startAt?: string;
  };
  decided: {
    outcome: 'deny' | 'auto-approve' | 'require-approval';
    matchedRules: string[];
    reason?: string;
    approverGroups?: string[];
    approvalsNeeded?: number;
    stepUp?: boolean;
    /** Schedules the requester was on call for, and when that was checked (a `requesters.onCall` rule asked). */
    requesterOnCall?: { schedule: string; checkedAt: string }[];
    /** On-call look-ups that failed at filing; rules needing them did not match. */
    onCallUnavailable?: string[];
  };
  approved: { groups: string[]; approvals: number; complete: boolean };
  'step-up': { issuer: string; subject: string; acr?: string; amr: string[]; authTime: string };
  denied: { reason: string };
  cancelled: Record<string, never>;
  expired: { deadline: string };
  queued: Record<string, never>;
  executed: { attempts: number; result?: string; executedAs?: ExecutedAs };
  failed: { attempts: number; error: string; executedAs?: ExecutedAs };
  granted: { bindingName: string; grantedAt: string; expiresAt: string; executedAs?: ExecutedAs };
  extended: { bindingName: string; from: string; to: string };
  revoked: { bindingName: string };
  'grant-expired': { bindingName: string; expiresAt: string };
  'break-glass': { incident: string; reason: string };
  swept: { bindingName: string; expiresAt: string };
  'break-glass-reviewed': { incident: string; groups: string[] };
  /** Step `step` (1-based) of rule `rule`'s escalation: its backup groups may now decide. */
  escalated: { step: number; rule: string; after: string; approverGroups: string[] };
  /** A click the lifecycle refused (self-approval, not an approver, a request no longer pending, ...) or a foreign delivery. */
  refused: {
    /** `deliver`: a chat delivery from a foreign Teams tenant or Slack workspace (`requestId` empty). */
    action: 'approve' | 'deny' | 'deliver';
    code: string;
    reason: string;
    /** For `deliver`: the chat platform, the foreign IDs the delivery named, and how many like it were not audited since. */
    platform?: 'slack' | 'teams';
    origin?: Record<string, string | string[]>;
    suppressed?: number;
  };
  /** A step-up sign-in that did not count (`requestId` empty when it was for filing). */
  'step-up-failed': { code: string; reason: string; intent?: 'approve' | 'file' };
  /** A sign-in to the web console (`requestId` empty). */
  'signed-in': { surface: 'web'; issuer: string; subject: string };
  /** The policy file changed on disk (`requestId` empty): its new hash, and whether it took effect. */
  'policy-reloaded': { file: string; sha256: string; applied: boolean; error?: string };
  /** The identity table file changed on disk (`requestId` empty): its new hash, and whether it took effect. */
  'identity-table-reloaded': { file: string; sha256: string; applied: boolean; error?: string };
}

/** A person's immutable ID on the surface they acted from: Slack user ID, Entra object ID, OIDC subject. */
export interface ActorId {
  readonly platform: string;
  readonly userId: string;
}

/** An audit event of one type: who did what to which request, and when (ISO 8601). */
export type AuditEventOf<T extends AuditEventType> = {
  readonly type: T;
  readonly requestId: string;
  readonly at: string;
  /** Kubernetes username of the person, or {@link SYSTEM_ACTOR}. */
  readonly actor: string;
  /** Where a person acted from: their immutable chat or IdP user ID (absent for {@link SYSTEM_ACTOR}). */
  readonly actorId?: ActorId;
  readonly details: AuditEventDetails[T];
};

/** Any audit event; narrow on `type` to read its details. */
export type AuditEvent = { [T in AuditEventType]: AuditEventOf<T> }[AuditEventType];
