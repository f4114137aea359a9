import type { Logger } from 'pino';
import { healthRoutes } from '../adapters/http/health-routes.ts';
import { startHttpServer, type RunningHttpServer } from '../adapters/http/http-server.ts';
import { createMetrics } from '../adapters/metrics/metrics.ts';
import { BullmqWorker } from '../adapters/queue/bullmq-worker.ts';
import { RedisAuditSink } from '../adapters/store/redis-audit-sink.ts';
import type { Config } from '../config/config.ts';
import { fanOutNotifier } from '../core/ports/notifier.ts';
import { createProcessors } from '../jobs/processors.ts';
import { composeWorkflow } from './compose-workflow.ts';
import { writeAuditCheckpoints, type AuditCheckpoints } from './audit-checkpoints.ts';
import { keepSweepScheduled, type SweepKeeper } from './keep-sweep-scheduled.ts';
import { observingNotifier } from './observing-notifier.ts';
import { ClusterReachability } from './cluster-reachability.ts';
import { PlatformMembership } from './platform-membership.ts';
import { createSurfaces } from './surfaces.ts';

const CLUSTER_CHECK_INTERVAL_MS = 30_000;
const CLUSTER_CHECK_TIMEOUT_MS = 5_000;

/** Which halves of Countersign this process runs. */
export interface ProcessRoles {
  /** Chat ingress and the console (`serve`). */
  readonly serve: boolean;
  /** The job processors (`worker`). */
  readonly worker: boolean;
}

/** A running Countersign process. */
export interface RunningProcess {
  /** The public server (surfaces). */
  readonly url: string;
  /** Where `/healthz`, `/readyz` and `/metrics` answer: `url` unless METRICS_PORT gives them their own server. */
  readonly opsUrl: string;
  /** Graceful shutdown: readiness off, stop taking requests and jobs, let in-flight work finish (bounded), close connections. */
  stop(): Promise<void>;
}

/**
 * Starts `serve`, `worker` or both (`start`) from a validated config. Every process
 * serves `/healthz` (with each cluster's last reachability), `/readyz` (Redis) and
 * `/metrics`, on the public server or on their own (METRICS_PORT); a serving process
 * also mounts each configured surface's routes on the public server. All state is in Redis, so any
 * number of either kind may run side by side.
 */
export async function runProcess(
  config: Config,
  roles: ProcessRoles,
  logger: Logger,
): Promise<RunningProcess> {
  const membership = new PlatformMembership();
  const composed = composeWorkflow(config, logger, { membership });
  const { deps, queue, redis } = composed;
  const surfaces = createSurfaces(config, deps, redis, logger);
  for (const surface of surfaces) {
    if (surface.membership)
      membership.register(surface.name as 'slack' | 'teams' | 'web', surface.membership);
  }
  const metrics = createMetrics({
    activeGrants: () => deps.store.countActiveGrants(),
    unreviewedBreakGlass: () => deps.store.countUnreviewedBreakGlass(),
    queueCounts: async () => ({ ...(await queue.counts()) }),
  });
  const notifier = observingNotifier(metrics, fanOutNotifier(surfaces.map((s) => s.notifier)));

  let worker: BullmqWorker | undefined;
  let sweepKeeper: SweepKeeper | undefined;
  let checkpoints: AuditCheckpoints | undefined;
  if (roles.worker) {
    worker = await BullmqWorker.start(
      config.redis,
      createProcessors({ workflow: deps, notifier }),
      {
        ...composed.queueSettings,
        concurrency: config.tuning.workerConcurrency,
        shutdownGraceMs: config.tuning.shutdownGraceMs,
        onJobFailed: (name) => metrics.jobFailed(name),
      },
      logger,
    );
    sweepKeeper = await keepSweepScheduled(queue, config.tuning.sweepIntervalMs, logger);
    const auditHead = new RedisAuditSink(redis, { keyPrefix: config.redis.keyPrefix });
    checkpoints = writeAuditCheckpoints(() => auditHead.head(), config.tuning.sweepIntervalMs, logger);
  }

  let draining = false;
  const reachability = new ClusterReachability({
    clusters: deps.cluster.clusterNames(),
    ping: (name) => deps.cluster.ping(name),
    onResult: (name, reachable) => metrics.clusterReachable(name, reachable),
    clock: deps.clock,
    timeoutMs: CLUSTER_CHECK_TIMEOUT_MS,
  });
  reachability.start(CLUSTER_CHECK_INTERVAL_MS);
  const checks = [{ name: 'redis', check: () => redis.ping() }];
  const opsRoutes = [
    ...healthRoutes(
      checks,
      () => draining,
      () => ({ clusters: reachability.snapshot() }),
    ),
    ...(config.tuning.metricsEnabled ? [metrics.route()] : []),
  ];
  const publicRoutes = roles.serve ? surfaces.flatMap((s) => s.routes) : [];
  const { ops } = config.http;
  const http: RunningHttpServer = await startHttpServer(
    config.http.host,
    config.http.port,
    ops ? publicRoutes : [...opsRoutes, ...publicRoutes],
    logger,
  );
  const opsHttp = ops ? await startHttpServer(ops.host, ops.port, opsRoutes, logger) : undefined;
  if (roles.serve) {
    for (const surface of surfaces) await surface.start?.();
  }
  logger.info(
    {
      url: http.url,
      opsUrl: opsHttp?.url ?? http.url,
      serve: roles.serve,
      worker: roles.worker,
      surfaces: surfaces.map((s) => s.name),
    },
    'countersign is running',
  );
  if (roles.serve) for (const surface of surfaces) if (surface.banner) logger.info(surface.banner);

  let stopping: Promise<void> | undefined;
  return {
    url: http.url,
    opsUrl: opsHttp?.url ?? http.url,
    stop() {
      stopping ??= (async () => {
        draining = true;
        // Surfaces first: open live-update streams would otherwise hold the HTTP close for the whole grace period.
        for (const surface of surfaces) {
          await surface
            .close()
            .catch((error: unknown) => logger.warn({ err: error }, 'surface close failed'));
        }
        reachability.stop();
        await http.close(config.tuning.shutdownGraceMs);
        await opsHttp?.close(config.tuning.shutdownGraceMs);
        sweepKeeper?.stop();
        checkpoints?.stop();
        await worker?.close();
        await composed.close();
      })();
      return stopping;
    },
  };
}
