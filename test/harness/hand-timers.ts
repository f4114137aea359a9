import type { StartTimer } from '../../src/adapters/http/after-ack-scheduler.ts';

/** A timer started through `HandTimers.start`, waiting for the test to fire it. */
export interface HandTimer {
  readonly ms: number;
  fire(): void;
}

/** Timers a test fires by hand, and an event for each one started. */
export interface HandTimers {
  readonly start: StartTimer;
  /** Timers started and neither fired by the test nor cancelled, oldest first. */
  readonly pending: Set<HandTimer>;
  /** Resolves with the next timer started. */
  nextStarted(): Promise<HandTimer>;
}

/** Timers that never fire by themselves: a test fires them, so nothing waits on the clock. */
export function handTimers(): HandTimers {
  const pending = new Set<HandTimer>();
  let waiters: ((timer: HandTimer) => void)[] = [];
  return {
    pending,
    start: (fire, ms) => {
      const timer: HandTimer = {
        ms,
        fire: () => {
          pending.delete(timer);
          fire();
        },
      };
      pending.add(timer);
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake(timer);
      return () => pending.delete(timer);
    },
    nextStarted: () => new Promise((resolve) => waiters.push(resolve)),
  };
}
