import type { ClusterPort } from '../../../src/core/ports/cluster.ts';

/**
 * Watches the managed bindings of a cluster (one list call every `pollMs`) and
 * records when each tracked grant's binding was first seen gone, so a test can say
 * how late revocation was: seconds from `expiresAt` to the binding being gone.
 */
export class RevocationWatch {
  private readonly expiries = new Map<string, number>();
  private readonly goneAt = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly cluster: ClusterPort,
    private readonly clusterName: string,
    private readonly pollMs = 100,
  ) {}

  /** Starts following the binding of `requestId`, which should be gone at `expiresAt`. */
  track(requestId: string, expiresAt: number): void {
    this.expiries.set(requestId, expiresAt);
    this.goneAt.delete(requestId);
    this.timer ??= setInterval(() => void this.poll(), this.pollMs);
  }

  /** True once every tracked binding has been seen gone. */
  get allGone(): boolean {
    return [...this.expiries.keys()].every((id) => this.goneAt.has(id));
  }

  /** Lateness of each tracked grant, in seconds (negative: removed early); undefined while still present. */
  lateness(): Map<string, number | undefined> {
    return new Map(
      [...this.expiries].map(([id, expiresAt]) => {
        const gone = this.goneAt.get(id);
        return [id, gone === undefined ? undefined : (gone - expiresAt) / 1000];
      }),
    );
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const present = new Set(
        (await this.cluster.listManagedBindings(this.clusterName)).map((b) => b.requestId),
      );
      const now = Date.now();
      for (const id of this.expiries.keys())
        if (!present.has(id) && !this.goneAt.has(id)) this.goneAt.set(id, now);
    } catch {
      // The API server may be away for a moment; the next poll tells.
    } finally {
      this.polling = false;
    }
  }
}

/** Prints p50/p99/max of revocation lateness in seconds, as one line in the test output. */
export function reportLateness(
  label: string,
  seconds: readonly number[],
): { p50: number; p99: number; max: number } {
  const sorted = [...seconds].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  const stats = { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN };
  console.log(
    `revocation lateness (${label}, n=${sorted.length}): p50 ${stats.p50.toFixed(2)} s, p99 ${stats.p99.toFixed(2)} s, max ${stats.max.toFixed(2)} s`,
  );
  return stats;
}
