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
  /** The longest a task waits while requests are in flight before it starts anyway (default 3 s). */
  readonly maxWaitMs?: number;
  /** The timer behind `maxWaitMs` (default: the system's, unref'd); tests fire it by hand. */
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
 * task starts only while no tracked request is in flight (received, its response not
 * yet sent), or once it has waited `maxWaitMs` so a steady stream never starves it; at
 * most `limit` run at once, in the order they came. The handler's own request counts as
 * in flight until its ack has been written, so its work starts after its ack is flushed.
 * Waiting work lives in memory: a process that dies drops it, as it would the work itself.
 */
export class AfterAckScheduler {
  private readonly limit: number;
  private readonly maxWaitMs: number;
  private readonly startTimer: StartTimer;
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private running = 0;

  constructor(options: AfterAckOptions = {}) {
    this.limit = options.limit ?? 4;
    this.maxWaitMs = options.maxWaitMs ?? 3000;
    this.startTimer = options.startTimer ?? systemTimer;
    if (!Number.isInteger(this.limit) || this.limit < 1) {
      throw new RangeError(`AfterAckScheduler limit must be a whole number ≥ 1, got ${this.limit}`);
    }
    if (!Number.isFinite(this.maxWaitMs) || this.maxWaitMs < 0) {
      throw new RangeError(`AfterAckScheduler maxWaitMs must be a number ≥ 0, got ${this.maxWaitMs}`);
    }
  }

  /** Counts an HTTP request as in flight until its response is sent or its connection closes. */
  track(response: TrackedResponse): void {
    this.inFlight++;
    let done = false;
    const end = (): void => {
      if (done) return;
      done = true;
      this.inFlight--;
      this.pump();
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

  private pump(): void {
    while (this.running < this.limit) {
      const next = this.waiting[0];
      if (next === undefined || (this.inFlight > 0 && !next.overdue)) return;
      this.waiting.shift();
      next.cancelTimer();
      next.start();
    }
  }
}
