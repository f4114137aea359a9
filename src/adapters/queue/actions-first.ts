import type { JobName } from '../../core/ports/job-queue.ts';
import { laneOf } from './job-lanes.ts';

/**
 * Holds a worker process's notifications back while its `main`-lane jobs (actions,
 * grants, timers) run, so a burst of approvals is carried out before the chat catches
 * up: each action queues several notifications, and posting their thread lines, cards
 * and direct messages took most of the CPU the actions needed. A notification waits
 * until no main-lane job runs in the process, or until it has waited `maxHoldMs` since
 * it was queued, whichever comes first; under steady load it is late by at most that.
 * It only starts later: what it sends, and that it sends it once, do not change.
 */
export class ActionsFirst {
  private running = 0;
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
    try {
      return await run();
    } finally {
      this.running--;
      if (this.running === 0) {
        this.idle?.resolve();
        this.idle = undefined;
      }
    }
  }

  private async heldBack(queuedAt: number): Promise<void> {
    const left = queuedAt + this.maxHoldMs - Date.now();
    if (this.running === 0 || left <= 0) return;
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
