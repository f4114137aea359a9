import { ApiException } from '@kubernetes/client-node';
import { CountersignError } from '../../core/errors.ts';
import { ClusterPermanentError, ClusterTransientError } from '../../core/ports/cluster-errors.ts';
import { capitalized, type OperationLabel } from './operation-label.ts';

const NETWORK_CODES = /^(ECONN|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|UND_ERR)/;

/**
 * Turns what a client-node call threw into the port's two kinds of failure: a
 * `ClusterPermanentError` the queue must not retry (404 gone, 403 RBAC, 400/422
 * invalid, 401 credentials, other 4xx) or a `ClusterTransientError` it should (5xx,
 * 429, 408, 409 write conflicts, connection errors, timeouts). Errors Countersign
 * raised itself pass through unchanged; anything unrecognised is rethrown as is.
 */
export function toClusterError(error: unknown, label: OperationLabel): Error {
  if (error instanceof CountersignError) return error;
  if (error instanceof ApiException) return fromStatus(error as ApiException<unknown>, label);
  if (isNetworkFailure(error)) {
    return new ClusterTransientError(
      `${label.operation} ${label.location}: the API server did not answer (${describe(error)})`,
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** The `reason` of a Kubernetes Status body (`AlreadyExists`, `Conflict`, ...), if any. */
export function statusReason(error: unknown): string | undefined {
  if (!(error instanceof ApiException)) return undefined;
  const reason = (statusBody(error.body) as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

/** True when `error` is an API answer with this HTTP status. */
export function hasStatus(error: unknown, status: number): boolean {
  return error instanceof ApiException && error.code === status;
}

function fromStatus(error: ApiException<unknown>, label: OperationLabel): Error {
  const status = error.code;
  const server = serverMessage(error);
  const where = `${label.operation} ${label.location}`;
  if (
    status === 429 ||
    status === 408 ||
    status >= 500 ||
    (status === 409 && statusReason(error) !== 'AlreadyExists')
  ) {
    return new ClusterTransientError(`${where}: ${server} (HTTP ${status})`, {
      status,
      ...retryAfter(error),
      cause: error,
    });
  }
  if (status === 404) {
    return new ClusterPermanentError(
      'target_not_found',
      `${capitalized(label.object)} not found ${label.location}.`,
      {
        status,
        ...(label.example ? { example: label.example } : {}),
      },
    );
  }
  if (status === 403)
    return new ClusterPermanentError('cluster_forbidden', `Kubernetes RBAC refused to ${where}: ${server}`, {
      status,
    });
  if (status === 400 || status === 422)
    return new ClusterPermanentError(
      'cluster_invalid',
      `Kubernetes rejected ${where} as invalid: ${server}`,
      { status },
    );
  if (status === 401) {
    return new ClusterPermanentError(
      'cluster_unauthorized',
      `Countersign's credentials were not accepted when trying to ${where}.`,
      { status },
    );
  }
  if (status === 409)
    return new ClusterPermanentError('cluster_conflict', `Could not ${where}: ${server}`, { status });
  return new ClusterPermanentError(
    'cluster_refused',
    `Kubernetes refused to ${where}: ${server} (HTTP ${status})`,
    { status },
  );
}

function serverMessage(error: ApiException<unknown>): string {
  const message = (statusBody(error.body) as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message !== '' ? message : `HTTP ${error.code}`;
}

function statusBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function retryAfter(error: ApiException<unknown>): { retryAfterSeconds?: number } {
  const header = Object.entries(error.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'retry-after',
  )?.[1];
  const seconds = header === undefined ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? { retryAfterSeconds: seconds } : {};
}

function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  const codes = [codeOf(error), codeOf(error.cause)];
  if (codes.some((code) => code !== undefined && NETWORK_CODES.test(code))) return true;
  return error instanceof TypeError && error.message === 'fetch failed';
}

function codeOf(value: unknown): string | undefined {
  const code = (value as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  return codeOf(cause) ?? codeOf(error) ?? (error instanceof Error ? error.message : String(error));
}
