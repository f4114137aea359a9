import { CountersignError, UserFacingError } from '../errors.ts';
import type { ActionRequest } from '../requests/request-types.ts';
import type { ExecuteIdentity, Preview } from './cluster.ts';
import { ClusterPermanentError, ClusterTransientError, type ClusterRefusalCode } from './cluster-errors.ts';
import type { GrantRef } from './cluster-grants.ts';

/**
 * A cluster operation that needs rights the internet-facing `serve` process does not
 * hold (impersonation for a dry run as the requester, writes to managed bindings), so
 * `serve` hands it to a worker as a `cluster-call` job and waits for the reply. Only
 * these three exist: a worker never runs an arbitrary call for `serve`.
 */
export type ClusterCall =
  | {
      readonly op: 'preview';
      readonly cluster: string;
      readonly request: ActionRequest;
      readonly as: ExecuteIdentity;
    }
  | {
      readonly op: 'update-grant-expiry';
      readonly cluster: string;
      readonly ref: GrantRef;
      readonly expiresAt: number;
    }
  | { readonly op: 'delete-grant'; readonly cluster: string; readonly ref: GrantRef };

/** The failure of a {@link ClusterCall}, as plain JSON that crosses the queue. */
export interface ClusterCallFailure {
  /** Which error class to rebuild: the kind decides retry and what a person may read. */
  readonly kind: 'permanent' | 'transient' | 'user' | 'internal';
  readonly code: string;
  readonly message: string;
  readonly status?: number;
  readonly example?: string;
  readonly retryAfterSeconds?: number;
}

/** What a worker answers to a {@link ClusterCall}: the operation's value, or its failure. */
export type ClusterCallReply =
  | { readonly ok: true; readonly value: Preview | boolean | null }
  | { readonly ok: false; readonly failure: ClusterCallFailure };

/** Turns an error a cluster operation threw into a {@link ClusterCallFailure}, keeping what its class says. */
export function clusterCallFailure(error: unknown): ClusterCallFailure {
  if (error instanceof ClusterPermanentError) {
    return {
      kind: 'permanent',
      code: error.code,
      message: error.message,
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.example === undefined ? {} : { example: error.example }),
    };
  }
  if (error instanceof ClusterTransientError) {
    return {
      kind: 'transient',
      code: error.code,
      message: error.message,
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
    };
  }
  if (error instanceof UserFacingError) {
    return {
      kind: 'user',
      code: error.code,
      message: error.message,
      ...(error.example === undefined ? {} : { example: error.example }),
    };
  }
  const code = error instanceof CountersignError ? error.code : 'internal_error';
  return { kind: 'internal', code, message: error instanceof Error ? error.message : String(error) };
}

/** Rebuilds the error a worker reported, so `serve` treats it exactly as if it had made the call itself. */
export function clusterCallError(failure: ClusterCallFailure): Error {
  switch (failure.kind) {
    case 'permanent':
      return new ClusterPermanentError(failure.code as ClusterRefusalCode, failure.message, {
        ...(failure.status === undefined ? {} : { status: failure.status }),
        ...(failure.example === undefined ? {} : { example: failure.example }),
      });
    case 'transient':
      return new ClusterTransientError(failure.message, {
        ...(failure.status === undefined ? {} : { status: failure.status }),
        ...(failure.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds }),
      });
    case 'user':
      return new UserFacingError(failure.code, failure.message, failure.example);
    case 'internal':
      return new CountersignError(failure.code, `the worker failed the cluster call: ${failure.message}`);
  }
}
