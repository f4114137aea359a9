import { KubeConfig } from '@kubernetes/client-node';
import { watchBindingDeletions, type BindingWatch } from '../../../bench/lib/binding-watch.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';

/**
 * Follows grants' RoleBindings through an admin watch on the API server, independent
 * of Countersign's own cluster adapter, and says how late each was deleted: seconds
 * from `expiresAt` to the DELETED event, whoever deleted it (revoke job or sweep). A
 * failed watch fails the wait instead of being retried in silence.
 */
export class RevocationWatch {
  private readonly tracked = new Map<string, { bindingName: string; expiresAt: number }>();

  private constructor(private readonly watch: BindingWatch) {}

  /** Starts watching the managed RoleBindings of `namespace` as the admin of `kubeconfigPath`. */
  static async start(kubeconfigPath: string, namespace: string): Promise<RevocationWatch> {
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    return new RevocationWatch(await watchBindingDeletions(kc, namespace));
  }

  /** Follows the binding of `grant` (an active record), which should be gone at its `expiresAt`. */
  track(grant: RequestRecord): void {
    if (!grant.grant) throw new Error(`request ${grant.id} has no grant to follow`);
    this.tracked.set(grant.id, { bindingName: grant.grant.bindingName, expiresAt: grant.grant.expiresAt });
  }

  /** Resolves once every tracked binding was deleted; rejects after `timeoutMs` (a hang) or if the watch failed. */
  waitAllGone(timeoutMs: number): Promise<void> {
    return this.watch.waitForAll(
      [...this.tracked.values()].map((t) => t.bindingName),
      timeoutMs,
    );
  }

  /** Lateness of each tracked grant, in seconds (negative: removed early); undefined while still present. */
  lateness(): Map<string, number | undefined> {
    return new Map(
      [...this.tracked].map(([id, { bindingName, expiresAt }]) => {
        const gone = this.watch.deletedAt.get(bindingName);
        return [id, gone === undefined ? undefined : (gone - expiresAt) / 1000];
      }),
    );
  }

  stop(): void {
    this.watch.stop();
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
