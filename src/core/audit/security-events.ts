import type { Principal } from '../ports/identity.ts';
import { actorFields } from './actor-fields.ts';
import { SYSTEM_ACTOR, type AuditEventOf } from './audit-event.ts';

/** The actor of an event about someone Countersign could not map to a Kubernetes user. */
export const UNMAPPED_ACTOR = 'unmapped';

/**
 * Builders of the audit events that are about security rather than one request's
 * lifecycle: failed step-ups, console sign-ins, and policy and identity table reloads. `requestId` is
 * empty where no request is concerned. Times are ISO 8601 from `at` (ms).
 */
export const securityEvents = {
  /** A step-up sign-in that did not count; `person` is who clicked, when the flow was known. */
  stepUpFailed(
    at: number,
    person: Principal | undefined,
    failure: { code: string; reason: string; intent?: 'approve' | 'file'; requestId?: string },
  ): AuditEventOf<'step-up-failed'> {
    return {
      type: 'step-up-failed',
      requestId: failure.requestId ?? '',
      at: new Date(at).toISOString(),
      ...(person ? actorFields(person) : { actor: UNMAPPED_ACTOR }),
      details: {
        code: failure.code,
        reason: failure.reason,
        ...(failure.intent ? { intent: failure.intent } : {}),
      },
    };
  },

  /** A sign-in to the web console: the IdP's issuer and subject, and who that is on Kubernetes when known. */
  signedIn(
    at: number,
    person: Principal | undefined,
    login: { issuer: string; subject: string },
  ): AuditEventOf<'signed-in'> {
    return {
      type: 'signed-in',
      requestId: '',
      at: new Date(at).toISOString(),
      ...(person ? actorFields(person) : { actor: UNMAPPED_ACTOR }),
      details: { surface: 'web', issuer: login.issuer, subject: login.subject },
    };
  },

  /** The policy file changed: its path, the SHA-256 of the new contents, and whether it is now in force. */
  policyReloaded(at: number, reload: FileChange): AuditEventOf<'policy-reloaded'> {
    return { ...fileChanged(at, reload), type: 'policy-reloaded' };
  },

  /** The identity table file changed: its path, the SHA-256 of the new contents, and whether it is now in force. */
  identityTableReloaded(at: number, reload: FileChange): AuditEventOf<'identity-table-reloaded'> {
    return { ...fileChanged(at, reload), type: 'identity-table-reloaded' };
  },
};

/** A watched file's change as its audit event records it. */
interface FileChange {
  readonly file: string;
  readonly sha256: string;
  readonly applied: boolean;
  readonly error?: string;
}

function fileChanged(at: number, reload: FileChange) {
  return {
    requestId: '',
    at: new Date(at).toISOString(),
    actor: SYSTEM_ACTOR,
    details: {
      file: reload.file,
      sha256: reload.sha256,
      applied: reload.applied,
      ...(reload.error === undefined ? {} : { error: reload.error }),
    },
  };
}
