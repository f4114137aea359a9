import type { FakeResponse } from './http-helpers.ts';

/**
 * A failure a Microsoft service answers instead of doing the work: throttling (429
 * with `Retry-After` in seconds, as the Bot Connector and Graph send it), a server
 * error, or no answer at all.
 */
export type ServiceFault =
  | { readonly kind: 'throttle'; readonly retryAfterSeconds: number }
  | { readonly kind: 'server-error'; readonly status: 500 | 502 | 503 | 504 }
  | { readonly kind: 'hang' };

/** What became of a request a fault answered. */
export interface FaultedCall {
  readonly fault: ServiceFault;
  /** For a hung request: resolves when the caller gives up and closes it. */
  readonly closedByClient: Promise<void>;
}

/**
 * Faults queued for the next requests of a fake, first in first out; a request with
 * no fault queued is served normally. `always` answers every request with one fault
 * until {@link clear}.
 */
export class ServiceFaults {
  private readonly queued: ServiceFault[] = [];
  private standing: ServiceFault | undefined;
  /** Every request a fault answered, in order. */
  readonly faulted: FaultedCall[] = [];

  /** Answers the next `times` requests with `fault`. */
  next(fault: ServiceFault, times = 1): void {
    for (let i = 0; i < times; i++) this.queued.push(fault);
  }

  /** Answers every request with `fault` until {@link clear}. */
  always(fault: ServiceFault): void {
    this.standing = fault;
  }

  clear(): void {
    this.queued.length = 0;
    this.standing = undefined;
  }

  /** The answer for this request when a fault is due, in the service's error shape; undefined to serve it. */
  take(): FakeResponse | undefined {
    const fault = this.queued.shift() ?? this.standing;
    if (!fault) return undefined;
    let closed = (): void => undefined;
    this.faulted.push({ fault, closedByClient: new Promise<void>((resolve) => (closed = resolve)) });
    if (fault.kind === 'hang') return { status: 0, hang: { onClientClose: () => closed() } };
    const error = (status: number, code: string, message: string): FakeResponse => ({
      status,
      body: {
        error: { code, message, innerError: { 'request-id': 'fake', date: new Date().toISOString() } },
      },
    });
    if (fault.kind === 'throttle') {
      return {
        ...error(429, 'TooManyRequests', 'Too many requests; retry after the interval in Retry-After.'),
        headers: { 'retry-after': String(fault.retryAfterSeconds) },
      };
    }
    return error(fault.status, 'ServiceUnavailable', `The service answered ${fault.status}.`);
  }
}
