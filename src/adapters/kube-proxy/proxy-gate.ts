import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from './caller.ts';

/** One API request as the proxy received it, its body read (absent for GET and upgrades). */
export interface ApiCall {
  readonly cluster: string;
  readonly method: string;
  /** API path with query, without the proxy's `/clusters/NAME` prefix. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body?: Buffer;
  /** True for exec, attach and port-forward upgrades (SPDY or WebSocket). */
  readonly upgrade: boolean;
}

/** What the gate decided for one call. */
export type GateVerdict =
  /** Forward as the caller, untouched. */
  | { readonly kind: 'pass' }
  /**
   * Answer 403 (or 429 with `retryAfterSeconds`, or 413 for `RequestEntityTooLarge`: a
   * body too large to show approvers whole) with this message; nothing is forwarded.
   */
  | {
      readonly kind: 'refuse';
      readonly message: string;
      readonly retryAfterSeconds?: number;
      readonly reason?: 'RequestEntityTooLarge';
    }
  /**
   * Approved: forward once as the caller marked approved (`extraGroups`), add
   * `warning` to the response, and report the API server's answer with `done`.
   */
  | {
      readonly kind: 'approved';
      readonly warning: string;
      readonly extraGroups: readonly string[];
      /** User extras that mark the request approved for the admission policy. */
      readonly extra: Readonly<Record<string, string>>;
      done(outcome: { readonly status: number } | { readonly error: string }): Promise<void>;
    };

/**
 * Decides whether a call goes through: the place where policy, filing and holding
 * happen. `signal` aborts when the client goes away while the call is held.
 */
export interface ProxyGate {
  admit(call: ApiCall, caller: Caller, signal: AbortSignal): Promise<GateVerdict>;
}

/** A gate that lets everything through: the caller's own RBAC is all that applies. */
export const passThroughGate: ProxyGate = {
  admit: () => Promise.resolve({ kind: 'pass' }),
};
