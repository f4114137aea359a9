import type { ClusterCall } from './cluster-call.ts';

/**
 * Every job Countersign runs in the background, each name bound to its payload type
 * here and nowhere else. Payloads carry IDs only (processors read current state),
 * except `cluster-call`, which carries one of the few calls `serve` may ask of a worker.
 */
export interface JobPayloads {
  /** Run an approved action on the cluster. */
  'execute-action': { requestId: string };
  /** Create the binding of an approved access request. */
  'create-grant': { requestId: string };
  /** End a grant at its `expiresAt` (delayed). */
  'revoke-grant': { requestId: string };
  /** Warn the grantee shortly before expiry (delayed). */
  'remind-expiry': { requestId: string };
  /** Let a pending request's backup approvers decide it once its next escalation step is due (delayed). */
  'escalate-request': { requestId: string };
  /** Nudge a pending request's approvers in its card's thread, every `remindApproversEvery` (delayed). */
  'remind-approvers': { requestId: string };
  /** Expire a request nobody decided within its TTL (delayed). */
  'expire-request': { requestId: string };
  /** Post or update every chat message of a request after a state change. */
  notify: { requestId: string; version: number };
  /** Delete managed bindings past their `expires-at` found in the cluster (repeatable). */
  'sweep-grants': Record<string, never>;
  /**
   * A cluster operation `serve` may not make with its own ServiceAccount (see
   * {@link ClusterCall}); `serve` waits for the reply. `callId` is random per call:
   * a call is not a state change, and each is answered once.
   */
  'cluster-call': { callId: string; call: ClusterCall };
}

/** The name of a job. */
export type JobName = keyof JobPayloads;

/** How to schedule a job. */
export interface EnqueueOptions {
  /** Run no earlier than this time, ms since epoch (for delayed jobs). */
  readonly runAt?: number;
  /**
   * A notification queued by the same change as a run due now (an approved action or
   * grant): the queue may start it a moment later, so the run is picked up first.
   */
  readonly behindRun?: boolean;
}

/**
 * The queue as the core sees it. A job's ID is derived from its name and payload
 * (`execute-action.<requestId>`; no colons, which BullMQ reserves), so enqueueing the same job twice is a no-op.
 */
export interface JobQueue {
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<void>;
  /** Moves a delayed job to a new time (extend), creating it if missing. */
  reschedule<N extends JobName>(name: N, payload: JobPayloads[N], runAt: number): Promise<void>;
  /** Removes a job that has not started yet (revoke early removes revoke and remind); no-op if absent. */
  remove<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<void>;
}

/** The deterministic ID of a job: its name and the request it is about. */
export function jobId<N extends JobName>(name: N, payload: JobPayloads[N]): string {
  const callId = (payload as { callId?: string }).callId;
  if (callId !== undefined) return `${name}.${callId}`;
  const requestId = (payload as { requestId?: string }).requestId;
  const version = (payload as { version?: number }).version;
  if (requestId === undefined) return name;
  return version === undefined ? `${name}.${requestId}` : `${name}.${requestId}.${version}`;
}
