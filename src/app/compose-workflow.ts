import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ClusterRegistry } from '../adapters/kubernetes/cluster-registry.ts';
import { KubernetesCluster } from '../adapters/kubernetes/kubernetes-cluster.ts';
import {
  apiServerReadiness,
  ReadinessCheckedCluster,
} from '../adapters/kubernetes/readiness-checked-cluster.ts';
import type { Logger } from '../adapters/log/logger.ts';
import { CachedOnCall } from '../adapters/on-call/cached-on-call.ts';
import { BullmqJobQueue } from '../adapters/queue/bullmq-job-queue.ts';
import { DEFAULT_QUEUE_NAME, DEFAULT_RETRY, type QueueSettings } from '../adapters/queue/queue-settings.ts';
import { createRedis } from '../adapters/store/create-redis.ts';
import { RedisAuditSink } from '../adapters/store/redis-audit-sink.ts';
import { RedisRequestStore } from '../adapters/store/redis-request-store.ts';
import type { Config } from '../config/config.ts';
import { securityEvents } from '../core/audit/security-events.ts';
import { systemClock, type Clock } from '../core/ports/clock.ts';
import type { ClusterPort } from '../core/ports/cluster.ts';
import { noNativeGroups, type MembershipPort } from '../core/ports/membership.ts';
import { incidentIdPattern } from '../core/requests/incident-id-pattern.ts';
import { formatRequestId, REQUEST_ID_RANDOM_BYTES } from '../core/requests/request-id.ts';
import type { WorkflowDeps } from '../core/workflow/workflow-deps.ts';
import { policyFromFile } from './policy-source.ts';

/** The parts of the configuration the workflow needs. */
export type WorkflowConfig = Pick<Config, 'redis' | 'kubernetes' | 'policyFile'> &
  Partial<Pick<Config, 'incidentIdPattern' | 'onCall'>> & {
    readonly tuning: Pick<Config['tuning'], 'remindBeforeMs'>;
  };

/** Pieces a process or a test may supply instead of the ones built from configuration. */
export interface WorkflowOverrides {
  /** Default: the Kubernetes adapter on the configured clusters. */
  readonly cluster?: ClusterPort;
  /** Default: {@link noNativeGroups} (explicit user lists only). */
  readonly membership?: MembershipPort;
  /** Queue name and retry policy; the prefix is always `redis.keyPrefix`. */
  readonly queue?: Partial<Omit<QueueSettings, 'prefix'>>;
  /** Reload the policy file when it changes; default true. */
  readonly watchPolicy?: boolean;
  /** Default: the system clock. Tests move a manual one past timers. */
  readonly clock?: Clock;
}

/** A wired workflow and what its owner must close. */
export interface ComposedWorkflow {
  readonly deps: WorkflowDeps;
  readonly queue: BullmqJobQueue;
  readonly queueSettings: QueueSettings;
  /** The connection of the store, the audit sink and the queue. */
  readonly redis: Redis;
  /** Closes the queue, stops watching the policy and closes the Redis connection. */
  close(): Promise<void>;
}

/**
 * Builds the {@link WorkflowDeps} a server or worker process runs on: the Redis
 * store and audit sink and the BullMQ queue on one auto-pipelined connection, the Kubernetes
 * clusters, chat membership, the on-call services (answers cached per schedule), the system clock, random request IDs, and the policy
 * file (reloaded on change, the previous policy kept on a bad edit). Throws when the
 * policy file or the cluster configuration is unusable, naming what is wrong.
 */
export function composeWorkflow(
  config: WorkflowConfig,
  logger: Logger,
  overrides: WorkflowOverrides = {},
): ComposedWorkflow {
  const cluster = overrides.cluster ?? kubernetesClusters(config.kubernetes);
  // Commands issued in one tick (a job's reads, its audit append, its queue calls) go out
  // as one socket write instead of one each.
  const redis = createRedis(config.redis, { enableAutoPipelining: true });
  const keyPrefix = config.redis.keyPrefix;
  const audit = new RedisAuditSink(redis, { keyPrefix });
  const clock = overrides.clock ?? systemClock;
  let policy;
  try {
    policy = policyFromFile(config.policyFile, logger, {
      watch: overrides.watchPolicy ?? true,
      // Every replica watching the file records what it now enforces.
      onReload: (reload) =>
        void audit
          .append([securityEvents.policyReloaded(clock.now(), reload)])
          .catch((error: unknown) => logger.error({ err: error }, 'the policy reload could not be audited')),
    });
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const queueSettings: QueueSettings = {
    queueName: overrides.queue?.queueName ?? DEFAULT_QUEUE_NAME,
    retry: overrides.queue?.retry ?? DEFAULT_RETRY,
    prefix: keyPrefix,
  };
  const queue = new BullmqJobQueue(redis, queueSettings, logger);
  const deps: WorkflowDeps = {
    store: new RedisRequestStore(redis, { keyPrefix }),
    audit,
    queue,
    cluster,
    membership: overrides.membership ?? noNativeGroups,
    onCall: new CachedOnCall(config.onCall ?? { cacheTtlMs: 60_000 }, clock),
    clock,
    policy: () => policy.current(),
    newId: () => formatRequestId(randomBytes(REQUEST_ID_RANDOM_BYTES)),
    defaultCluster: config.kubernetes.defaultCluster,
    remindBeforeMs: config.tuning.remindBeforeMs,
    ...(config.incidentIdPattern ? { incidentIdPattern: incidentIdPattern(config.incidentIdPattern) } : {}),
    ...(config.kubernetes.reservedNamespaces
      ? { reservedNamespaces: config.kubernetes.reservedNamespaces }
      : {}),
  };
  return {
    deps,
    queue,
    queueSettings,
    redis,
    async close() {
      policy.close();
      await queue.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** The configured clusters through the Kubernetes adapter, a refusal from a not-yet-ready API server made retryable. */
function kubernetesClusters(config: WorkflowConfig['kubernetes']): ClusterPort {
  const registry = ClusterRegistry.load({
    ...(config.kubeconfig ? { kubeconfig: config.kubeconfig } : {}),
    clusters: config.clusters,
  });
  return new ReadinessCheckedCluster(new KubernetesCluster(registry), apiServerReadiness(registry));
}
