import type { Clock } from '../core/ports/clock.ts';

/** What the last check of one cluster found; `unknown` until the first check ends. */
export interface ClusterStatus {
  readonly name: string;
  readonly state: 'unknown' | 'reachable' | 'unreachable';
  /** When the last check ended (ms since the epoch). */
  readonly checkedAt?: number;
  readonly error?: string;
}

/** How the monitor reaches clusters and reports what it found. */
export interface ClusterReachabilityOptions {
  readonly clusters: readonly string[];
  /** Resolves when the cluster's API server answers with Countersign's credentials. */
  readonly ping: (cluster: string) => Promise<unknown>;
  /** Called after every check (the `countersign_cluster_reachable` gauge). */
  readonly onResult: (cluster: string, reachable: boolean) => void;
  readonly clock: Clock;
  /** A check that takes longer counts as unreachable. */
  readonly timeoutMs: number;
}

/**
 * Checks every cluster's reachability in the background and remembers the last result,
 * so `/healthz` and `/metrics` report it without waiting on a slow API server, and one
 * unreachable cluster never takes the process out of readiness (a request for that
 * cluster fails on its own, with its own error).
 */
export class ClusterReachability {
  private readonly statuses = new Map<string, ClusterStatus>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ClusterReachabilityOptions) {
    for (const name of options.clusters) this.statuses.set(name, { name, state: 'unknown' });
  }

  /** Checks every cluster once, in parallel; resolves when all checks ended. */
  async checkAll(): Promise<void> {
    await Promise.all(this.options.clusters.map((name) => this.check(name)));
  }

  /** Checks now and then every `intervalMs` until {@link stop}. */
  start(intervalMs: number): void {
    void this.checkAll();
    this.timer = setInterval(() => void this.checkAll(), intervalMs);
    this.timer.unref();
  }

  /** Stops the periodic checks. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The last result for every cluster, in configuration order. */
  snapshot(): ClusterStatus[] {
    return this.options.clusters.map((name) => this.statuses.get(name) ?? { name, state: 'unknown' });
  }

  private async check(name: string): Promise<void> {
    const { ping, onResult, clock, timeoutMs } = this.options;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
    });
    try {
      await Promise.race([ping(name), timeout]);
      this.statuses.set(name, { name, state: 'reachable', checkedAt: clock.now() });
      onResult(name, true);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.statuses.set(name, { name, state: 'unreachable', checkedAt: clock.now(), error: message });
      onResult(name, false);
    } finally {
      clearTimeout(timer);
    }
  }
}
