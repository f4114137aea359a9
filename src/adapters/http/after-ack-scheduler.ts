/** Starts a timer that calls `fire` after `ms` milliseconds; the function returned cancels it. */
export type StartTimer = (fire: () => void, ms: number) => () => void;

/** What the scheduler watches of an HTTP response: when it is sent or its connection gone. */
export interface TrackedResponse {
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

/** How many tasks run at once and how long one waits behind requests still being answered. */
export interface AfterAckOptions {
  /** The most tasks run at once (default 4). */
  readonly limit?: number;
  /**
   * How long no request must have been in flight before tasks start (default 50 ms), so
   * a burst of requests is acknowledged before the work of its first ones runs.
   */
  readonly settleMs?: number;
  /** The longest a task waits while requests are in flight before it starts anyway (default 3 s). */
  readonly maxWaitMs?: number;
  /** The timer behind `maxWaitMs` and `settleMs` (default: the system's, unref'd); tests fire it by hand. */
  readonly startTimer?: StartTimer;
}

interface Waiting {
  readonly start: () => void;
  overdue: boolean;
  cancelTimer: () => void;
}

const systemTimer: StartTimer = (fire, ms) => {
  const timer = setTimeout(fire, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * Runs the work an HTTP handler does after its ack (Slack: filing a slash command) so
 * that it does not delay the acks of the requests around it on the same event loop: a
 * task starts only once no tracked request has been in flight (received, its response
 * not yet sent) for `settleMs`, so the requests of a burst, which arrive a few
 * milliseconds apart, are all acknowledged first; or once it has waited `maxWaitMs`, so
 * a steady stream never starves it. At most `limit` run at once, in the order they came.
 * The handler's own request counts as in flight until its ack has been written, so its
 * work starts after its ack is flushed.
 * Waiting work lives in memory: a process that dies drops it, as it would the work itself.
 */
export class AfterAckScheduler {
  private readonly limit: number;
  private readonly settleMs: number;
  private readonly maxWaitMs: number;
  private readonly startTimer: StartTimer;
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private running = 0;
  /** No request in flight, and none for `settleMs`. */
  private settled = true;
  private cancelSettle: () => void = () => undefined;

  constructor(options: AfterAckOptions = {}) {
    this.limit = options.limit ?? 4;
    this.settleMs = options.settleMs ?? 50;
    this.maxWaitMs = options.maxWaitMs ?? 3000;
    this.startTimer = options.startTimer ?? systemTimer;
    if (!Number.isInteger(this.limit) || this.limit < 1) {
      throw new RangeError(`AfterAckScheduler limit must be a whole number ≥ 1, got ${this.limit}`);
    }
    if (!Number.isFinite(this.settleMs) || this.settleMs < 0) {
      throw new RangeError(`AfterAckScheduler settleMs must be a number ≥ 0, got ${this.settleMs}`);
    }
    if (!Number.isFinite(this.maxWaitMs) || this.maxWaitMs < 0) {
      throw new RangeError(`AfterAckScheduler maxWaitMs must be a number ≥ 0, got ${this.maxWaitMs}`);
    }
  }

  /** Counts an HTTP request as in flight until its response is sent or its connection closes. */
  track(response: TrackedResponse): void {
    this.inFlight++;
    this.settled = false;
    this.cancelSettle();
    let done = false;
    const end = (): void => {
      if (done) return;
      done = true;
      this.inFlight--;
      if (this.inFlight === 0) this.settle();
    };
    response.once('finish', end);
    response.once('close', end);
  }

  /** Runs `task` when its turn comes (see the class); settles as the task does. */
  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve) => {
      const entry: Waiting = {
        start: () => {
          this.running++;
          // The executor runs the task at once and turns a synchronous throw into a rejection.
          const work = new Promise<T>((settle) => settle(task()));
          resolve(
            work.finally(() => {
              this.running--;
              this.pump();
            }),
          );
        },
        overdue: false,
        cancelTimer: () => undefined,
      };
      this.waiting.push(entry);
      this.pump();
      if (this.waiting.includes(entry)) {
        entry.cancelTimer = this.startTimer(() => {
          entry.overdue = true;
          this.pump();
        }, this.maxWaitMs);
      }
    });
  }

  private settle(): void {
    if (this.settleMs === 0) {
      this.settled = true;
      this.pump();
      return;
    }
    this.cancelSettle = this.startTimer(() => {
      this.cancelSettle = () => undefined;
      this.settled = true;
      this.pump();
    }, this.settleMs);
  }

  private pump(): void {
    while (this.running < this.limit) {
      const next = this.waiting[0];
      if (next === undefined || (!this.settled && !next.overdue)) return;
      this.waiting.shift();
      next.cancelTimer();
      next.start();
    }
  }
}
