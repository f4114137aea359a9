import type { Logger } from '../adapters/log/logger.ts';
import { BullmqClusterCaller } from '../adapters/queue/bullmq-cluster-caller.ts';
import type { RedisConfig } from '../config/config.ts';
import type { WorkflowDeps } from '../core/workflow/workflow-deps.ts';
import type { ComposedWorkflow } from './compose-workflow.ts';
import { WorkerDelegatedCluster } from './worker-delegated-cluster.ts';

/** How long `serve` waits for a worker to answer a cluster call (a preview, an extend, a revoke). */
export const CLUSTER_CALL_TIMEOUT_MS = 30_000;

/** The workflow of a process that serves but runs no worker, and what its owner must close. */
export interface ServeOnlyWorkflow {
  readonly deps: WorkflowDeps;
  /** Stops listening for workers' replies (the composed workflow is closed by its owner). */
  close(): Promise<void>;
}

/**
 * The workflow of a `serve`-only process, whose ServiceAccount may read but not
 * impersonate, bind or write (manifests/base/rbac.yaml, countersign-serve): the same
 * deps as `composed`, but the cluster operations that need those rights go to a worker
 * as `cluster-call` jobs (see {@link WorkerDelegatedCluster}). The reply listener
 * starts with the first call; one that failed to start is started again next time.
 */
export function serveOnlyWorkflow(
  composed: ComposedWorkflow,
  redis: string | RedisConfig,
  logger: Logger,
  timeoutMs: number = CLUSTER_CALL_TIMEOUT_MS,
): ServeOnlyWorkflow {
  let caller: Promise<BullmqClusterCaller> | undefined;
  const start = (): Promise<BullmqClusterCaller> =>
    (caller ??= BullmqClusterCaller.start(composed.redis, redis, composed.queueSettings, logger).catch(
      (error: unknown) => {
        caller = undefined;
        throw error;
      },
    ));
  return {
    deps: {
      ...composed.deps,
      cluster: new WorkerDelegatedCluster(composed.deps.cluster, async (call) =>
        (await start()).call(call, timeoutMs),
      ),
    },
    async close() {
      await caller?.then((c) => c.close()).catch(() => undefined);
    },
  };
}
