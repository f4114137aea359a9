import { pino, type Logger } from 'pino';
import type { ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import { composeWorkflow } from '../../../src/app/compose-workflow.ts';
import type { ClusterPort } from '../../../src/core/ports/cluster.ts';
import { TEST_PROCESS_CONFIG_ENV, type EntryEvent, type TestProcessConfig } from '../worker-process.ts';

/** The configuration the spawning test passed in the environment. */
export function readTestConfig(): TestProcessConfig {
  const raw = process.env[TEST_PROCESS_CONFIG_ENV];
  if (!raw)
    throw new Error(
      `${TEST_PROCESS_CONFIG_ENV} is not set; start this entry through test/harness/worker-process.ts`,
    );
  return JSON.parse(raw) as TestProcessConfig;
}

/** Prints one event line for the test to read. */
export function emit(event: EntryEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/** JSON logs to the file the test named, so a failure can be read afterwards. */
export function fileLogger(config: TestProcessConfig): Logger {
  return pino({ level: 'info' }, pino.destination({ dest: config.logFile, sync: true, append: true }));
}

/** The production composition, pointed at the test's Redis, queue and control plane. */
export function composeForTest(
  config: TestProcessConfig,
  logger: Logger,
  cluster?: ClusterPort,
): ComposedWorkflow {
  return composeWorkflow(
    {
      redis: { url: config.redisUrl, keyPrefix: config.keyPrefix },
      kubernetes: {
        kubeconfig: config.kubeconfig,
        clusters: [{ name: config.cluster, context: config.context }],
        defaultCluster: config.cluster,
      },
      policyFile: config.policyFile,
      tuning: { remindBeforeMs: config.remindBeforeMs },
    },
    logger,
    {
      queue: { queueName: config.queueName, retry: config.retry },
      watchPolicy: false,
      ...(cluster ? { cluster } : {}),
    },
  );
}
