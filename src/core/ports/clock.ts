/** The only source of time in the core, so tests can move it. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** A clock that reads the system time. */
// eslint-disable-next-line no-restricted-syntax -- the one place the core reads the system time
export const systemClock: Clock = { now: () => Date.now() };

/** A clock a test sets and advances by hand. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: number | Date = Date.UTC(2026, 0, 5, 10, 0, 0)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }

  /** Sets the clock to an absolute time. */
  set(at: number | Date): void {
    this.current = typeof at === 'number' ? at : at.getTime();
  }
}
