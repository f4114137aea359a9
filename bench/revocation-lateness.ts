import { setTimeout as sleep } from 'node:timers/promises';
import { RbacAuthorizationV1Api } from '@kubernetes/client-node';
import type { WorkflowDeps } from '../src/core/workflow/workflow-deps.ts';
import type { BenchStack } from './lib/bench-stack.ts';
import type { BindingWatch } from './lib/binding-watch.ts';
import { figure, type Figure } from './lib/figure.ts';
import type { SeededGrant } from './lib/grant-fleet.ts';
import { inParallel } from './lib/in-parallel.ts';
import { ratePerSecond, summarize, type Summary } from './lib/stats.ts';

/** What one burst of expiries measured. */
export interface RevocationResult {
  readonly size: number;
  /** Seconds from expiresAt to the binding's DELETED event (negative: removed early). */
  readonly lateness: Summary;
  /** Seconds from expiresAt to the `expired` time the record holds. */
  readonly recordLateness: Summary;
  /** Bindings removed before their grant's expiresAt. */
  readonly early: number;
  /** Revocations per second from the first expiry to the last deletion. */
  readonly rate: number;
}

/**
 * Waits for every seeded grant's binding to disappear (watch) and its record to say
 * `expired`, and reduces the timings: lateness = deletion seen − `expiresAt`. Fails
 * loudly if a binding outlives `timeoutMs` past the last expiry or a record never
 * ends: a grant that does not end is a finding, not a number.
 */
export async function measureRevocation(
  deps: WorkflowDeps,
  grants: readonly SeededGrant[],
  watch: BindingWatch,
  timeoutMs: number,
): Promise<RevocationResult> {
  const lastExpiry = Math.max(...grants.map((g) => g.expiresAt));
  const firstExpiry = Math.min(...grants.map((g) => g.expiresAt));
  await watch.waitForAll(
    grants.map((g) => g.bindingName),
    Math.max(0, lastExpiry - Date.now()) + timeoutMs,
  );
  const deleted = grants.map((g) => watch.deletedAt.get(g.bindingName)!);
  const lateness = grants.map((g, i) => (deleted[i]! - g.expiresAt) / 1000);
  const ended: number[] = [];
  const deadline = performance.now() + 120_000;
  for (let pending = [...grants]; pending.length > 0;) {
    const records = await inParallel(pending, 32, (g) => deps.store.get(g.requestId));
    const still: SeededGrant[] = [];
    records.forEach((record, i) => {
      const expired = record?.timestamps.expired;
      if (record?.state === 'expired' && expired !== undefined)
        ended.push((expired - pending[i]!.expiresAt) / 1000);
      else still.push(pending[i]!);
    });
    pending = still;
    if (pending.length > 0 && performance.now() > deadline) {
      throw new Error(`${pending.length} grants have no binding but their records are not expired`);
    }
    if (pending.length > 0) await sleep(500);
  }
  return {
    size: grants.length,
    lateness: summarize(lateness),
    recordLateness: summarize(ended),
    early: lateness.filter((s) => s < 0).length,
    rate: ratePerSecond(grants.length, Math.max(...deleted) - firstExpiry),
  };
}

/**
 * The API server's own pace for grants: `count` RoleBindings created, then deleted,
 * by direct client-node calls with `concurrency` in flight (a worker's default
 * concurrency), in operations per second.
 */
export async function rawBindingRates(
  stack: BenchStack,
  count: number,
  concurrency: number,
): Promise<{ readonly createsPerSecond: number; readonly deletesPerSecond: number }> {
  const namespace = 'bench-raw-deletes';
  await stack.cp.kubectl(['create', 'namespace', namespace]);
  const rbac = stack.admin.makeApiClient(RbacAuthorizationV1Api);
  const names = Array.from({ length: count }, (_, i) => `raw-${i}`);
  const creating = performance.now();
  await inParallel(names, concurrency, (name) =>
    rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }],
      },
    }),
  );
  const createsPerSecond = ratePerSecond(count, performance.now() - creating);
  const deleting = performance.now();
  await inParallel(names, concurrency, (name) => rbac.deleteNamespacedRoleBinding({ name, namespace }));
  return { createsPerSecond, deletesPerSecond: ratePerSecond(count, performance.now() - deleting) };
}

/**
 * The figures of one burst: lateness p50, p99 and max, and, when the API server's own
 * delete rate is given, the revocation rate beside it and as a ratio to it, target
 * ≥ 0.9×. No revoker can end grants faster than they expire (`windowSeconds` spreads
 * them evenly), so the ratio's baseline is the direct delete rate or, when the API
 * server deletes faster than that, the expiry rate itself: a quiet run of 10,000 grants
 * over 60 s expires 167/s while direct deletes reached 187/s.
 */
export function revocationFigures(
  result: RevocationResult,
  label: string,
  windowSeconds: number,
  options: { readonly target?: number; readonly rawDeleteRate?: number } = {},
): Figure[] {
  const { target, rawDeleteRate: rawRate } = options;
  const what = `${result.size} grants expiring over ${windowSeconds} s`;
  const stats = (['p50', 'p99', 'max'] as const).map((stat) =>
    figure({
      id: `revocation.${label}.${stat}`,
      metric: `revocation lateness ${stat}, ${what}`,
      value: result.lateness[stat],
      unit: 's',
      comparator: '<=',
      ...(stat === 'p99' && target !== undefined ? { target } : {}),
      samples: result.size,
    }),
  );
  if (rawRate === undefined) return stats;
  const expiryRate = result.size / windowSeconds;
  const ceiling = Math.min(rawRate, expiryRate);
  const ceilingBaseline =
    ceiling < rawRate
      ? `the rate the grants expire at (${expiryRate.toFixed(0)}/s), below direct client-node RoleBinding deletes (${rawRate.toFixed(0)}/s, 8 in flight)`
      : 'direct client-node RoleBinding deletes, 8 in flight (below the rate the grants expire at)';
  return [
    ...stats,
    figure({
      id: `revocation.${label}.rate`,
      metric: `revocations per second, ${what}`,
      value: result.rate,
      unit: 'grants/s',
      comparator: '>=',
      baseline: 'direct client-node RoleBinding deletes, 8 in flight',
      baselineValue: rawRate,
      samples: result.size,
    }),
    figure({
      id: `revocation.${label}.rate-vs-direct`,
      metric: `revocations per second, ${what} ÷ direct RoleBinding deletes at the same concurrency, or ÷ the expiry rate when that is lower`,
      value: result.rate / ceiling,
      unit: '×',
      comparator: '>=',
      target: 0.9,
      baseline: ceilingBaseline,
      baselineValue: ceiling,
      baselineUnit: 'grants/s',
      samples: result.size,
    }),
  ];
}
