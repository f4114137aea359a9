import { CountersignError, UserFacingError } from '../errors.ts';

/** Why a cluster refused an operation for good; retrying cannot change the answer. */
export type ClusterRefusalCode =
  | 'target_not_found'
  | 'cluster_forbidden'
  | 'cluster_invalid'
  | 'cluster_conflict'
  | 'cluster_unauthorized'
  | 'cluster_refused'
  /** The target is not the object that was approved any more: recreated, or (rollback) rolled out since. */
  | 'target_changed';

/**
 * A cluster operation that failed and will fail again if retried: the target is gone
 * (404), RBAC refused it (403), the API rejected it as invalid (400/422), or the
 * request cannot be carried out as asked. The queue stops retrying on this class. The
 * message names the operation and quotes the API server, so it may be shown to the
 * requester.
 */
export class ClusterPermanentError extends UserFacingError {
  override readonly code: ClusterRefusalCode;
  /** HTTP status from the API server, when there was one. */
  readonly status: number | undefined;

  constructor(
    code: ClusterRefusalCode,
    message: string,
    options: { status?: number; example?: string } = {},
  ) {
    super(code, message, options.example);
    this.code = code;
    this.status = options.status;
  }
}

/**
 * A cluster operation that may succeed later: the API server was unreachable, timed
 * out, answered 5xx, or throttled (429, including an eviction a PodDisruptionBudget
 * blocks for now). The queue retries on this class. Its message is for logs only.
 */
export class ClusterTransientError extends CountersignError {
  /** HTTP status from the API server; undefined for network failures and timeouts. */
  readonly status: number | undefined;
  /** The server's `Retry-After`, in seconds, when it sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    message: string,
    options: { status?: number; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super('cluster_unavailable', message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
