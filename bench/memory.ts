import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ComposedWorkflow } from '../src/app/compose-workflow.ts';
import { parseCommand } from '../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../src/core/requests/request-types.ts';
import { submitRequest } from '../src/core/workflow/submit-request.ts';
import { BENCH_NAMESPACES, principalOf } from './lib/bench-workspace.ts';
import type { CountersignProcess } from './lib/countersign-process.ts';
import { withContentionRetry, type RetryCounter } from './lib/contention-retry.ts';
import { inParallel } from './lib/in-parallel.ts';

/** Deployments in the memory namespace the pending scale requests target. */
export const PENDING_TARGETS = Array.from({ length: 10 }, (_, i) => `m-${i}`);

/**
 * Resets the kernel's peak-RSS mark (`VmHWM`) of `pid` to its current RSS by writing
 * 5 to /proc/<pid>/clear_refs, so the next reading is the peak of what follows.
 * Throws if the kernel refuses (then the phase's peak cannot be told apart).
 */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** Scrapes `/metrics` and returns `countersign_active_grants`; throws if the scrape fails or lacks it. */
export async function scrapeActiveGrants(process: CountersignProcess): Promise<number> {
  const response = await fetch(`${process.url}/metrics`);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  const match = /^countersign_active_grants(?:\{[^}]*\})? (\d+)$/m.exec(text);
  if (!match) throw new Error('/metrics has no countersign_active_grants');
  return Number(match[1]);
}

/**
 * Enqueues a `sweep-grants` job, as the schedule does, and waits until a worker has
 * run it (the job is removed on completion); throws if it failed or never ran.
 */
export async function runSweep(workflow: ComposedWorkflow, timeoutMs: number): Promise<number> {
  const started = performance.now();
  await workflow.queue.enqueue('sweep-grants', {});
  for (;;) {
    const state = await workflow.queue.state('sweep-grants', {});
    if (state === undefined) return performance.now() - started;
    if (state === 'failed') throw new Error('the sweep job failed');
    if (performance.now() - started > timeoutMs)
      throw new Error(`the sweep did not finish within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * Files `count` requests that wait for approval, through `submitRequest` with the real
 * queue (so the worker posts each card to Slack and sets its TTL timer): half
 * `scale` actions on the memory namespace's Deployments (target lookup and dry run on
 * the API server), half `access role/view` requests; eight at a time, a filing the
 * audit chain refuses with `audit_contention` tried again and counted.
 */
export async function seedPending(
  workflow: ComposedWorkflow,
  count: number,
  retries: RetryCounter,
): Promise<void> {
  const namespace = BENCH_NAMESPACES.memory;
  await inParallel(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (i) => {
      const text =
        i % 2 === 0
          ? `scale deployment/${PENDING_TARGETS[i % PENDING_TARGETS.length]} --replicas ${2 + (i % 3)} -n ${namespace} --reason "bench pending ${i}"`
          : `access role/view -n ${namespace} --for 1h --reason "bench pending ${i}"`;
      const request = parseCommand(text) as ChangeRequest;
      const record = await withContentionRetry(retries, () =>
        submitRequest(workflow.deps, { text, request, requester: principalOf('alice') }),
      );
      if (record.state !== 'pending') throw new Error(`pending fixture ${record.id} is ${record.state}`);
    },
  );
}
