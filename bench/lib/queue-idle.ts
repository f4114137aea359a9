import { setTimeout as sleep } from 'node:timers/promises';
import type { ComposedWorkflow } from '../../src/app/compose-workflow.ts';

/** Waits until no job is waiting or running (delayed timers may remain). */
export async function waitForIdleQueue(workflow: ComposedWorkflow, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const counts = await workflow.queue.counts();
    if (counts.waiting + counts.active + counts.prioritized === 0) return;
    if (performance.now() > deadline)
      throw new Error(`queue still busy after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
    await sleep(200);
  }
}
