import {
  type SYSTEM_ACTOR,
  type AuditEventDetails,
  type AuditEventOf,
  type AuditEventType,
  type ExecutedAs,
} from '../audit/audit-event.ts';
import { actorFields } from '../audit/actor-fields.ts';
import { IllegalTransitionError } from '../errors.ts';
import type { Principal } from '../ports/identity.ts';
import { isSamePerson, mayBeSamePerson } from '../identity/same-person.ts';
import type { GrantInfo, RequestRecord, StepUpEvidence } from './request-record.ts';
import type { RequestState } from './request-state.ts';

const STATE_PHRASES: Readonly<Record<RequestState, string>> = {
  pending: 'is waiting for approval',
  approved: 'is already approved',
  denied: 'was denied',
  expired: 'has expired',
  cancelled: 'was cancelled',
  queued: 'is already queued to run',
  executing: 'is running',
  succeeded: 'has already run successfully',
  failed: 'failed when it ran',
  active: 'is an active grant',
  revoked: 'was revoked',
};

/**
 * Shared building blocks of the lifecycle transitions: moving a record to a state,
 * building audit events, refusing a transition the state forbids, and telling whether
 * two principals are (surely, or possibly) the same person. Internal to src/core/lifecycle.
 */
export const transition = {
  /** The record in `state` at `at`, version one higher, with `changes` applied. */
  to(
    record: RequestRecord,
    state: RequestState,
    at: number,
    changes: Partial<RequestRecord> = {},
  ): RequestRecord {
    return {
      ...record,
      ...changes,
      state,
      version: record.version + 1,
      timestamps: { ...record.timestamps, [state]: at },
    };
  },

  /** The record with `changes` applied and version one higher, staying in its state. */
  update(record: RequestRecord, changes: Partial<RequestRecord>): RequestRecord {
    return { ...record, ...changes, version: record.version + 1 };
  },

  /** The grant of an `active` record; an active record without one is corrupt. */
  grantOf(record: RequestRecord): GrantInfo {
    if (!record.grant)
      throw new IllegalTransitionError(`Request ${record.id} is active but has no grant recorded.`);
    return record.grant;
  },

  /**
   * An audit event about `requestId` at `at` (ms) by `actor`: a person (recorded by
   * Kubernetes username and the immutable ID of the surface they acted from) or
   * {@link SYSTEM_ACTOR}.
   */
  event<T extends AuditEventType>(
    type: T,
    requestId: string,
    at: number,
    actor: Principal | typeof SYSTEM_ACTOR,
    details: AuditEventDetails[T],
  ): AuditEventOf<T> {
    return { type, requestId, at: iso(at), ...actorFields(actor), details };
  },

  /**
   * Whose credentials the record's action is sent with, for the audit: a kubectl
   * request is always forwarded as its caller; otherwise policy's `executeAs`.
   */
  executedAs(record: RequestRecord): ExecutedAs {
    const { decision, requester } = record;
    const asRequester =
      record.request.type === 'api' || (decision.outcome !== 'deny' && decision.executeAs === 'requester');
    return asRequester
      ? { kind: 'requester', username: requester.username, groups: [...requester.groups] }
      : { kind: 'countersign' };
  },

  /** Throws an {@link IllegalTransitionError} naming the current state unless it is one of `allowed`. */
  require(record: RequestRecord, allowed: readonly RequestState[], what: string): void {
    if (!allowed.includes(record.state)) {
      throw new IllegalTransitionError(
        `Request ${record.id} ${STATE_PHRASES[record.state]}, so it cannot be ${what}.`,
      );
    }
  },

  /** True when two principals are surely one person (to admit the requester); see `isSamePerson`. */
  samePerson: isSamePerson,

  /** True when two principals may be one person (to refuse self-approval, a second approval); see `mayBeSamePerson`. */
  mayBeSamePerson,

  /** The `step-up` audit event recording a piece of re-authentication evidence. */
  stepUpEvent(
    requestId: string,
    at: number,
    actor: Principal,
    evidence: StepUpEvidence,
  ): AuditEventOf<'step-up'> {
    return {
      type: 'step-up',
      requestId,
      at: iso(at),
      ...actorFields(actor),
      details: {
        issuer: evidence.issuer,
        subject: evidence.subject,
        ...(evidence.acr === undefined ? {} : { acr: evidence.acr }),
        amr: [...evidence.amr],
        authTime: iso(evidence.authTime),
      },
    };
  },

  iso,
};

function iso(at: number): string {
  return new Date(at).toISOString();
}
