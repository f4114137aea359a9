import { ClusterRegistry } from '../../../src/adapters/kubernetes/cluster-registry.ts';
import { KubernetesCluster } from '../../../src/adapters/kubernetes/kubernetes-cluster.ts';
import {
  apiServerReadiness,
  ReadinessCheckedCluster,
} from '../../../src/adapters/kubernetes/readiness-checked-cluster.ts';
import { BullmqWorker } from '../../../src/adapters/queue/bullmq-worker.ts';
import type { ClusterPort } from '../../../src/core/ports/cluster.ts';
import type { Notifier } from '../../../src/core/ports/notifier.ts';
import { createProcessors } from '../../../src/jobs/processors.ts';
import type { TestProcessConfig } from '../worker-process.ts';
import { composeForTest, emit, fileLogger, readTestConfig } from './test-process-config.ts';

/**
 * Test-only worker process: the production composition and worker, with one hook a
 * test may switch on: pausing inside the cluster call of `execute-action` so the test
 * can SIGKILL the worker at a known point. Prints `ready`, and `paused` at the hook.
 */
const config = readTestConfig();
const settings = config.worker;
if (!settings) throw new Error('worker-main needs config.worker');
const logger = fileLogger(config);

const quietNotifier: Notifier = {
  requestChanged: () => Promise.resolve(),
  grantExpiringSoon: () => Promise.resolve(),
  remindApprovers: () => Promise.resolve(),
};

function pausing(real: ClusterPort, pause: 'before-execute' | 'after-execute'): ClusterPort {
  const hang = (requestId: string): Promise<never> => {
    emit({ event: 'paused', requestId, pause });
    return new Promise<never>(() => undefined);
  };
  const execute: ClusterPort['execute'] = async (cluster, request, as, context) => {
    if (pause === 'before-execute') return hang(context.requestId);
    await real.execute(cluster, request, as, context);
    return hang(context.requestId);
  };
  return new Proxy(real, {
    get(target, property) {
      if (property === 'execute') return execute;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function clusterFor(test: TestProcessConfig): ClusterPort | undefined {
  if (!test.worker?.pause) return undefined;
  const registry = ClusterRegistry.load({
    kubeconfig: test.kubeconfig,
    clusters: [{ name: test.cluster, context: test.context }],
  });
  const real = new ReadinessCheckedCluster(new KubernetesCluster(registry), apiServerReadiness(registry));
  return pausing(real, test.worker.pause);
}

const composed = composeForTest(config, logger, clusterFor(config));
const processors = createProcessors({ workflow: composed.deps, notifier: quietNotifier });
if (settings.sweepIntervalMs !== undefined) await composed.queue.scheduleSweep(settings.sweepIntervalMs);
const worker = await BullmqWorker.start(
  config.redisUrl,
  processors,
  {
    ...composed.queueSettings,
    concurrency: settings.concurrency,
    lockDurationMs: settings.lockDurationMs,
    stalledIntervalMs: settings.stalledIntervalMs,
    shutdownGraceMs: settings.shutdownGraceMs,
  },
  logger,
);
process.once('SIGTERM', () => {
  void (async () => {
    await worker.close();
    await composed.close();
    emit({ event: 'closed' });
    process.exit(0);
  })();
});
emit({ event: 'ready', pid: process.pid });
