import type { AuditEvent } from '../audit/audit-event.ts';
import type { AuditRecord } from '../audit/audit-record.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { MessageLedgerStore } from './message-ledger-store.ts';

/** A page of grants and where the next page starts. */
export interface GrantPage {
  readonly records: RequestRecord[];
  /** Opaque; pass it back for the next page. Absent when there is none. */
  readonly next?: string;
}

/**
 * Durable home of request records. Every write is a compare-and-set on `version`
 * appended atomically with the audit events it records, so two approvers clicking at
 * once, or one click delivered twice, yields one transition and one audit entry.
 * It also keeps each request's chat messages ({@link MessageLedgerStore}).
 */
export interface RequestStore extends MessageLedgerStore {
  /** Stores a new record (version 1) with its events; false if the ID already exists. */
  create(record: RequestRecord, events: readonly AuditEvent[]): Promise<boolean>;
  /** The record, or undefined if no request has this ID. */
  get(id: string): Promise<RequestRecord | undefined>;
  /**
   * Replaces the stored record with `next` only if the stored version is
   * `next.version - 1`, appending `events` in the same atomic step. False on conflict.
   */
  compareAndSet(next: RequestRecord, events: readonly AuditEvent[]): Promise<boolean>;
  /** Requests filed by this Kubernetes username that have not reached a final state, newest first. */
  listOpenByRequester(username: string): Promise<RequestRecord[]>;
  /** Pending requests any of these approver groups may decide, oldest first. */
  listPendingForGroups(groups: readonly string[]): Promise<RequestRecord[]>;
  /** Grants in force (state `active`), soonest expiry first. */
  listActiveGrants(): Promise<RequestRecord[]>;
  /**
   * One page of the grants in force whose expiry is at or before `by` (ms), soonest
   * first: at most `limit`, starting after `cursor` (the `next` of the page before).
   * `next` is absent on the last page. Grants ended between pages are simply not seen.
   */
  listGrantsDueBy(by: number, limit: number, cursor?: string): Promise<GrantPage>;
  /**
   * Requests that have been approved, queued or executing since before `before` (ms):
   * work whose job may have been lost between a state change and its enqueue.
   */
  listInFlightSince(before: number): Promise<RequestRecord[]>;
  /**
   * Pending requests whose next timer (escalation step or decision deadline) is due
   * at or before `before` (ms), soonest first: what the sweep does when a timer job was lost.
   */
  listPendingDue(before: number): Promise<RequestRecord[]>;
  /** How many grants are in force, without reading them (for metrics). */
  countActiveGrants(): Promise<number>;
  /** Break-glass runs no approver has acknowledged yet, oldest first. */
  listUnreviewedBreakGlass(): Promise<RequestRecord[]>;
  /** How many break-glass runs await review, without reading them (for metrics). */
  countUnreviewedBreakGlass(): Promise<number>;
  /**
   * The audit records of one request, in chain order (oldest first): what chat threads
   * and timelines show. Each record's `seq` identifies its event for deduplication.
   */
  listEvents(requestId: string): Promise<AuditRecord[]>;
  /**
   * The highest version of the request whose notification every notifier finished (0
   * when none is known): a `notify` job for a record at or below it has nothing to
   * tell. Kept for {@link NOTIFIED_VERSION_TTL_SECONDS}, long enough for the burst of
   * notifications one decision sets off; once it lapses a notification simply runs.
   */
  notifiedVersion(requestId: string): Promise<number>;
  /** Raises the notified version of the request to `version` (never lowers it). */
  markNotified(requestId: string, version: number): Promise<void>;
}

/** How long a request's notified version is kept after it was last raised. */
export const NOTIFIED_VERSION_TTL_SECONDS = 600;
