import {
  COUNTERSIGN_APPROVED_EXTRA,
  COUNTERSIGN_APPROVED_GROUP,
  COUNTERSIGN_APPROVED_VALUE,
} from '../kubernetes/approved-group.ts';
import { UserFacingError } from '../../core/errors.ts';
import type { IdentityTable } from '../../core/identity/identity-table.ts';
import { linkPrincipal } from '../../core/identity/link-principal.ts';
import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import type { Principal } from '../../core/ports/identity.ts';
import type { ApiRequest } from '../../core/requests/request-types.ts';
import { cancelRequest } from '../../core/workflow/cancel-request.ts';
import { claimApiRequest, completeApiRequest } from '../../core/workflow/run-api-request.ts';
import { type ApiScreening, screenApiRequest } from '../../core/workflow/screen-api-request.ts';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';
import type { Caller } from './caller.ts';
import { classifyApiCall, commandText } from './classify-api-call.ts';
import type { ApiCall, GateVerdict, ProxyGate } from './proxy-gate.ts';

/** Subscribes to "request changed" news (Redis pub/sub across replicas); resolves with the way to stop. */
export type ChangeWatch = (listener: (requestId: string | undefined) => void) => Promise<() => void>;

/** How the gate holds requests. */
export interface ApprovalGateOptions {
  readonly deps: WorkflowDeps;
  /**
   * The identity table in force (read at each call, so a reload applies): its `people`
   * link a caller's Kubernetes username to their PagerDuty or Opsgenie user, so
   * `requesters.onCall` can match a kubectl requester. Absent: nobody is linked.
   */
  readonly identityTable?: () => IdentityTable;
  /** Wakes a held request at once when its record changes; `undefined` means "look at every held one". */
  readonly watch?: ChangeWatch;
  /** How often a held request re-reads its record anyway (a missed message costs at most this); default 2 s. */
  readonly pollMs?: number;
  /** Longest hold before answering "re-run within the window" (load balancers cut idle requests); default 55 s. */
  readonly holdLimitMs?: number;
  /** How long after approval an identical re-run executes the approved request; default 15 min. */
  readonly rerunWindowMs?: number;
  /**
   * Past the hold limit: `forbidden` (default) answers 403 "re-run the same command after
   * approval"; `retry` answers 429 with `Retry-After`, which client-go (kubectl) obeys by
   * sending the same request again, so the command keeps waiting by itself.
   */
  readonly holdLimitAnswer?: 'forbidden' | 'retry';
}

/** Seconds a 429 asks kubectl to wait before it sends the same request again. */
export const RETRY_AFTER_SECONDS = 1;

/** A held request waits for one of these. */
type Wake = 'changed' | 'gone' | 'limit';

/**
 * The proxy's policy gate: classifies each API call, lets the ApprovalPolicy decide
 * (see `screenApiRequest`), and for a request that needs approval files it and HOLDS
 * the HTTP request until it is decided. Approved → claimed with a compare-and-set
 * (so it is forwarded exactly once, whichever replica or re-run claims it) and
 * forwarded marked approved, with a `Warning` naming the approvers. Denied, expired
 * or cancelled → 403 saying so. A client that goes away cancels its pending request.
 * A hold past the limit answers 403 "re-run within N minutes after approval"; an
 * identical re-run (same user, method, path and body) that policy still wants approved
 * then joins the pending request or runs the approved one, once. A call policy passes
 * (every plain read, usually) touches neither the store nor the network before it is
 * forwarded.
 */
export class ApprovalGate implements ProxyGate {
  private readonly waiters = new Map<string, Set<() => void>>();
  private unwatch: Promise<() => void> | undefined;
  private readonly pollMs: number;
  private readonly holdLimitMs: number;
  private readonly rerunWindowMs: number;
  private draining = false;
  private readonly holding = new Set<Promise<unknown>>();

  constructor(private readonly options: ApprovalGateOptions) {
    this.pollMs = options.pollMs ?? 2_000;
    this.holdLimitMs = options.holdLimitMs ?? 55_000;
    this.rerunWindowMs = options.rerunWindowMs ?? 15 * 60_000;
  }

  admit(call: ApiCall, caller: Caller, signal: AbortSignal): Promise<GateVerdict> {
    // Tracked from the start, not only once held: a request being filed when a shutdown
    // begins must still get its answer before the connections are cut.
    return this.track(this.decide(call, caller, signal));
  }

  private async decide(call: ApiCall, caller: Caller, signal: AbortSignal): Promise<GateVerdict> {
    const classified = classifyApiCall(call);
    if (!classified || classified.dryRun) return { kind: 'pass' };
    const { request } = classified;
    const requester = principalOf(caller, this.options.identityTable?.());
    let screening: ApiScreening;
    try {
      // Policy first, in memory: a call it passes or denies never reaches the store.
      screening = await screenApiRequest(
        this.options.deps,
        { request, requester, text: commandText(request) },
        { earlier: () => this.findRerun(request, requester) },
      );
    } catch (error) {
      if (error instanceof UserFacingError) {
        // A body too large to show every approver whole: what the API server says of a body too large.
        const tooLarge =
          error.code === 'change_too_large' ? { reason: 'RequestEntityTooLarge' as const } : {};
        return { kind: 'refuse', message: `countersign: ${error.message}`, ...tooLarge };
      }
      throw error;
    }
    switch (screening.kind) {
      case 'pass':
        return { kind: 'pass' };
      case 'deny':
        return { kind: 'refuse', message: `countersign: ${screening.reason}` };
      case 'earlier':
        return screening.record.state === 'approved'
          ? this.claim(screening.record)
          : this.hold(screening.record, requester, signal);
      case 'filed':
        return this.hold(screening.record, requester, signal);
    }
  }

  /**
   * For a shutdown (a rolling restart): every held request answers at once as if its
   * hold limit had passed — it stays pending, and the same command re-run (through any
   * replica) joins it or, once approved, runs it once. New holds answer the same way.
   * Resolves when every request in the gate (held, or still being filed) has its answer.
   */
  async drain(): Promise<void> {
    this.draining = true;
    for (const set of [...this.waiters.values()]) for (const wake of [...set]) wake();
    await Promise.allSettled([...this.holding]);
  }

  /** Stops listening for changes; held requests keep polling until they end. */
  async close(): Promise<void> {
    const unwatch = this.unwatch;
    this.unwatch = undefined;
    if (unwatch) (await unwatch.catch(() => () => undefined))();
  }

  private async hold(filed: RequestRecord, requester: Principal, signal: AbortSignal): Promise<GateVerdict> {
    const { deps } = this.options;
    await this.ensureWatching();
    const started = deps.clock.now();
    let record: RequestRecord | undefined = filed;
    for (;;) {
      if (!record) return { kind: 'refuse', message: `countersign: request ${filed.id} is gone` };
      const settled = this.settle(record);
      if (settled) return settled;
      if (record.state === 'approved') return this.claim(record);
      const left = this.draining ? 0 : started + this.holdLimitMs - deps.clock.now();
      const wake = left <= 0 ? 'limit' : await this.sleep(record.id, Math.min(left, this.pollMs), signal);
      if (wake === 'gone') {
        await cancelRequest(deps, record.id, requester).catch(() => undefined);
        return {
          kind: 'refuse',
          message: `countersign: request ${record.id} cancelled (the client went away)`,
        };
      }
      record = await deps.store.get(filed.id);
      if ((wake === 'limit' || this.draining) && record?.state === 'pending') return this.overLimit(record);
    }
  }

  /** The answer to a request still pending when its hold ends (the limit, or a shutdown). */
  private overLimit(record: RequestRecord): GateVerdict {
    if (this.options.holdLimitAnswer === 'retry') {
      return {
        kind: 'refuse',
        message: `countersign: still waiting for approval of request ${record.id}; retrying`,
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      };
    }
    const minutes = Math.round(this.rerunWindowMs / 60_000);
    return {
      kind: 'refuse',
      message:
        `countersign: still waiting for approval of request ${record.id} — ` +
        `re-run the same command within ${minutes} minutes after approval and it runs once`,
    };
  }

  /** Counts a request in the gate, so {@link drain} can wait for its answer. */
  private track(hold: Promise<GateVerdict>): Promise<GateVerdict> {
    this.holding.add(hold);
    void hold.finally(() => this.holding.delete(hold)).catch(() => undefined);
    return hold;
  }

  /** The verdict of a request that reached a decision other than approval, if it did. */
  private settle(record: RequestRecord): GateVerdict | undefined {
    switch (record.state) {
      case 'denied': {
        const by = record.denial?.by;
        const who = by === undefined || by === 'policy' ? 'policy' : by.username;
        return {
          kind: 'refuse',
          message: `countersign: request ${record.id} was denied by ${who}: ${record.denial?.reason ?? 'no reason given'}`,
        };
      }
      case 'expired':
        return { kind: 'refuse', message: `countersign: request ${record.id} expired without a decision` };
      case 'cancelled':
        return { kind: 'refuse', message: `countersign: request ${record.id} was cancelled` };
      case 'queued':
      case 'executing':
      case 'succeeded':
      case 'failed':
        return {
          kind: 'refuse',
          message: `countersign: request ${record.id} has already run; it runs only once`,
        };
      default:
        return undefined;
    }
  }

  private async claim(record: RequestRecord): Promise<GateVerdict> {
    const { deps } = this.options;
    const claimed = await claimApiRequest(deps, record.id);
    if (!claimed) {
      return {
        kind: 'refuse',
        message: `countersign: request ${record.id} has already run; it runs only once`,
      };
    }
    const names = claimed.approvals.map((a) => a.approver.username).join(', ') || 'policy';
    return {
      kind: 'approved',
      warning: `299 - ${JSON.stringify(`approved by ${names} (${claimed.id})`)}`,
      extraGroups: [COUNTERSIGN_APPROVED_GROUP],
      extra: { [COUNTERSIGN_APPROVED_EXTRA]: COUNTERSIGN_APPROVED_VALUE },
      done: (outcome) => completeApiRequest(deps, claimed.id, outcome),
    };
  }

  /** A pending request, or one approved within the re-run window, identical to this one. */
  private async findRerun(request: ApiRequest, requester: Principal): Promise<RequestRecord | undefined> {
    const { deps } = this.options;
    const open = await deps.store.listOpenByRequester(requester.username);
    const now = deps.clock.now();
    return open.find((record) => {
      const other = record.request;
      if (other.type !== 'api' || record.cluster !== request.cluster) return false;
      if (other.call.method !== request.call.method || other.call.path !== request.call.path) return false;
      if (other.call.bodySha256 !== request.call.bodySha256) return false;
      if (record.state === 'pending') return true;
      return record.state === 'approved' && (record.timestamps.approved ?? 0) + this.rerunWindowMs > now;
    });
  }

  private sleep(requestId: string, ms: number, signal: AbortSignal): Promise<Wake> {
    if (signal.aborted) return Promise.resolve('gone');
    return new Promise((resolve) => {
      let waiters = this.waiters.get(requestId);
      if (!waiters) this.waiters.set(requestId, (waiters = new Set()));
      const finish = (wake: Wake): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        waiters.delete(onChange);
        if (waiters.size === 0) this.waiters.delete(requestId);
        resolve(wake);
      };
      const onChange = (): void => finish('changed');
      const onAbort = (): void => finish('gone');
      const timer = setTimeout(() => finish('changed'), ms);
      waiters.add(onChange);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async ensureWatching(): Promise<void> {
    const { watch } = this.options;
    if (!watch || this.unwatch) return;
    this.unwatch = watch((requestId) => {
      const targets = requestId === undefined ? [...this.waiters.values()] : [this.waiters.get(requestId)];
      for (const set of targets) for (const wake of [...(set ?? [])]) wake();
    });
    await this.unwatch.catch(() => {
      this.unwatch = undefined;
    });
  }
}

/**
 * The requester a kubectl caller is, as the core records people: the API server's
 * authenticated username, UID and groups, with the identifiers `table`'s `people`
 * link to that username or UID (`usernames: [alice], pagerduty: [PALICE]`), never
 * to a display name.
 */
export function principalOf(caller: Caller, table?: IdentityTable): Principal {
  const principal: Principal = {
    platform: 'kubectl',
    platformUserId: caller.uid ?? caller.username,
    username: caller.username,
    groups: [...caller.groups],
  };
  return table ? linkPrincipal(table, principal) : principal;
}
