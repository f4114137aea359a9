import type { JobName } from '../../core/ports/job-queue.ts';
import { laneOf } from './job-lanes.ts';

/**
 * How long the main lane must stay idle before held notifications start: in a burst,
 * one process's actions come and go, and between two of them the lane is idle only for
 * a moment.
 */
const QUIET_MS = 250;

/**
 * How long after it was queued a notification queued `behindRun` (with an action or
 * grant due now) may start: by then a worker has taken the run, and this class holds
 * the notification until the main lane is quiet. Without it the notify lane's worker
 * could take the notification before the main lane's took the run, and both ran at once.
 */
export const BEHIND_RUN_MS = QUIET_MS;

/**
 * Holds a worker process's notifications back while its `main`-lane jobs (actions,
 * grants, timers) run, so a burst of approvals is carried out before the chat catches
 * up: each action queues several notifications, and posting their thread lines, cards
 * and direct messages took most of the CPU the actions needed. A notification waits
 * until no main-lane job has run in the process for a quarter of a second, or until
 * `maxHoldMs` after it was queued, whichever comes first; under steady load it is late by at most that.
 * It only starts later: what it sends, and that it sends it once, do not change.
 */
export class ActionsFirst {
  private running = 0;
  /** Set while the main lane has just gone idle, until it has stayed idle for {@link QUIET_MS}. */
  private quiet: NodeJS.Timeout | undefined;
  private idle: { readonly promise: Promise<void>; readonly resolve: () => void } | undefined;

  constructor(private readonly maxHoldMs: number) {}

  /** Runs job `name` (queued at `queuedAt`, ms since the epoch) by `run`, a notification after the main lane is idle. */
  async run<T>(name: JobName, queuedAt: number, run: () => Promise<T>): Promise<T> {
    if (name === 'notify') {
      await this.heldBack(queuedAt);
      return run();
    }
    if (laneOf(name) !== 'main') return run();
    this.running++;
    clearTimeout(this.quiet);
    this.quiet = undefined;
    try {
      return await run();
    } finally {
      this.running--;
      if (this.running === 0) {
        this.quiet = setTimeout(() => {
          this.quiet = undefined;
          this.idle?.resolve();
          this.idle = undefined;
        }, QUIET_MS);
        this.quiet.unref();
      }
    }
  }

  private async heldBack(queuedAt: number): Promise<void> {
    const left = queuedAt + this.maxHoldMs - Date.now();
    if ((this.running === 0 && this.quiet === undefined) || left <= 0) return;
    this.idle ??= idleSignal();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, left);
      timer.unref();
    });
    try {
      await Promise.race([this.idle.promise, expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function idleSignal(): { readonly promise: Promise<void>; readonly resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}
