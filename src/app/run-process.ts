import type { Logger } from 'pino';
import { healthRoutes } from '../adapters/http/health-routes.ts';
import { startHttpServer, type RunningHttpServer } from '../adapters/http/http-server.ts';
import { createMetrics } from '../adapters/metrics/metrics.ts';
import { BullmqWorker } from '../adapters/queue/bullmq-worker.ts';
import { RedisAuditDelivery } from '../adapters/store/redis-audit-delivery.ts';
import { RedisAuditSink } from '../adapters/store/redis-audit-sink.ts';
import type { Config } from '../config/config.ts';
import { securityEvents } from '../core/audit/security-events.ts';
import { CountersignError } from '../core/errors.ts';
import { fanOutNotifier } from '../core/ports/notifier.ts';
import { createProcessors } from '../jobs/processors.ts';
import { composeWorkflow } from './compose-workflow.ts';
import { identityFromFile } from './identity-rules.ts';
import { writeAuditCheckpoints, type AuditCheckpoints } from './audit-checkpoints.ts';
import { auditDestinations } from './audit-destinations.ts';
import { shipAudit, type AuditShipping } from './ship-audit.ts';
import { keepSweepScheduled, type SweepKeeper } from './keep-sweep-scheduled.ts';
import { observingNotifier } from './observing-notifier.ts';
import { ClusterReachability } from './cluster-reachability.ts';
import { PlatformMembership } from './platform-membership.ts';
import { runKubeProxy, type RunningConfiguredProxy } from './run-kube-proxy.ts';
import type { SurfaceLink } from './surface.ts';
import { createSurfaces } from './surfaces.ts';
import { serveOnlyWorkflow } from './serve-only-workflow.ts';

const CLUSTER_CHECK_INTERVAL_MS = 30_000;
const CLUSTER_CHECK_TIMEOUT_MS = 5_000;

/** Which halves of Countersign this process runs. */
export interface ProcessRoles {
  /** Chat ingress and the console (`serve`). */
  readonly serve: boolean;
  /** The job processors (`worker`). */
  readonly worker: boolean;
  /** The kubectl proxy (`proxy`); needs PROXY_TLS_CERT_PATH and PROXY_TLS_KEY_PATH. */
  readonly proxy?: boolean;
}

/** A running Countersign process. */
export interface RunningProcess {
  /** The public server (surfaces). */
  readonly url: string;
  /** Where `/healthz`, `/readyz` and `/metrics` answer: `url` unless METRICS_PORT gives them their own server. */
  readonly opsUrl: string;
  /** The kubectl proxy, when this process runs it. */
  readonly proxyUrl?: string;
  /** Graceful shutdown: readiness off, stop taking requests and jobs, let in-flight work finish (bounded), close connections. */
  stop(): Promise<void>;
}

/** What can interrupt start-up. */
export interface RunOptions {
  /** Aborting it (SIGTERM) stops the process at whatever point start-up has reached, gracefully. */
  readonly signal?: AbortSignal;
}

/**
 * Starts `serve`, `worker` or both (`start`) from a validated config. Every process
 * serves `/healthz` (with each cluster's last reachability and each surface's link),
 * `/readyz` (Redis; for a serving process also each surface link, e.g. Slack connected)
 * and `/metrics`, on the public server or on their own (METRICS_PORT); a serving process
 * also mounts each configured surface's routes on the public server. All state is in Redis, so any
 * number of either kind may run side by side. Aborting `options.signal` at any point
 * shuts down what was started and rejects with `startup_aborted`; a start-up failure
 * also closes what was started before it is thrown.
 */
export async function runProcess(
  config: Config,
  roles: ProcessRoles,
  logger: Logger,
  options: RunOptions = {},
): Promise<RunningProcess> {
  const membership = new PlatformMembership();
  const composed = composeWorkflow(config, logger, { membership });
  const { queue, redis } = composed;
  // A serve-only process runs with a ServiceAccount that may not impersonate, bind or
  // write (manifests/base/rbac.yaml): what needs those rights is asked of a worker. The
  // worker and the proxy run as the ServiceAccount that holds them.
  const serveOnly =
    roles.serve && !roles.worker && !roles.proxy
      ? serveOnlyWorkflow(composed, config.redis, logger)
      : undefined;
  const deps = serveOnly?.deps ?? composed.deps;
  // Every replica watching the table records what it now maps people with.
  const identity = identityFromFile(config.identity, logger, {
    onReload: (reload) =>
      void composed.deps.audit
        .append([securityEvents.identityTableReloaded(deps.clock.now(), reload)])
        .catch((error: unknown) =>
          logger.error({ err: error }, 'the identity table reload could not be audited'),
        ),
  });
  const surfaces = await createSurfaces(config, deps, identity.rules, redis, logger);
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
  const linked = roles.serve ? surfaces.filter((s) => s.link !== undefined) : [];
  for (const surface of linked) surface.link?.onReconnect(() => metrics.surfaceReconnected(surface.name));

  let worker: BullmqWorker | undefined;
  let sweepKeeper: SweepKeeper | undefined;
  let checkpoints: AuditCheckpoints | undefined;
  let shipping: AuditShipping | undefined;
  let http: RunningHttpServer | undefined;
  let opsHttp: RunningHttpServer | undefined;
  let kubeProxy: RunningConfiguredProxy | undefined;
  let draining = false;
  const reachability = new ClusterReachability({
    clusters: deps.cluster.clusterNames(),
    ping: (name) => deps.cluster.ping(name),
    onResult: (name, reachable) => metrics.clusterReachable(name, reachable),
    clock: deps.clock,
    timeoutMs: CLUSTER_CHECK_TIMEOUT_MS,
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      draining = true;
      // Surfaces first: open live-update streams would otherwise hold the HTTP close for the whole grace period.
      for (const surface of surfaces) {
        await surface.close().catch((error: unknown) => logger.warn({ err: error }, 'surface close failed'));
      }
      identity.close();
      reachability.stop();
      await kubeProxy
        ?.stop()
        .catch((error: unknown) => logger.warn({ err: error }, 'kubectl proxy stop failed'));
      // Requests and jobs in flight drain side by side, each within SHUTDOWN_GRACE, while
      // the ops server goes on answering /readyz (503: draining) and /healthz (200); it
      // closes last. Without METRICS_PORT the probes share the public server.
      const grace = config.tuning.shutdownGraceMs;
      await Promise.all([
        opsHttp ? http?.close(grace) : undefined,
        (async () => {
          sweepKeeper?.stop();
          checkpoints?.stop();
          await shipping?.stop();
          await worker?.close();
        })(),
      ]);
      await (opsHttp ?? http)?.close(grace);
      await serveOnly?.close();
      await composed.close();
    })();
    return stopping;
  };
  const { signal } = options;
  const interrupted = (): void => {
    if (signal?.aborted) throw new CountersignError('startup_aborted', 'shut down during start-up');
  };
  signal?.addEventListener('abort', () => void stop(), { once: true });

  try {
    interrupted();
    if (roles.worker) {
      worker = await BullmqWorker.start(
        config.redis,
        createProcessors({ workflow: deps, notifier }),
        {
          ...composed.queueSettings,
          concurrency: config.tuning.workerConcurrency,
          revocationConcurrency: config.tuning.revocationConcurrency,
          shutdownGraceMs: config.tuning.shutdownGraceMs,
          onJobFailed: (name) => metrics.jobFailed(name),
        },
        logger,
      );
      interrupted();
      sweepKeeper = await keepSweepScheduled(queue, config.tuning.sweepIntervalMs, logger);
      interrupted();
      const auditHead = new RedisAuditSink(redis, { keyPrefix: config.redis.keyPrefix });
      const delivery = new RedisAuditDelivery(redis, config.redis.keyPrefix);
      const destinations = auditDestinations(config.auditSink, deps.clock);
      checkpoints = writeAuditCheckpoints(
        () => auditHead.head(),
        config.tuning.sweepIntervalMs,
        logger,
        (record) => delivery.recordCheckpoint(record),
        destinations,
      );
      if (destinations.length > 0) {
        shipping = shipAudit(delivery, destinations, logger, {
          batchSize: config.auditSink.batchSize,
          onFailure: (name) => metrics.auditDeliveryFailed(name),
        });
      }
    }
    reachability.start(CLUSTER_CHECK_INTERVAL_MS);
    const checks = [
      { name: 'redis', check: () => redis.ping() },
      ...linked.map((s) => ({ name: `${s.name}:link`, check: () => linkCheck(s.link) })),
    ];
    const opsRoutes = [
      ...healthRoutes(
        checks,
        () => draining,
        () => ({
          clusters: reachability.snapshot(),
          ...(linked.length > 0
            ? { links: Object.fromEntries(linked.map((s) => [s.name, s.link?.snapshot()])) }
            : {}),
        }),
      ),
      ...(config.tuning.metricsEnabled ? [metrics.route()] : []),
    ];
    const publicRoutes = roles.serve ? surfaces.flatMap((s) => s.routes) : [];
    const { ops } = config.http;
    http = await startHttpServer(
      config.http.host,
      config.http.port,
      ops ? publicRoutes : [...opsRoutes, ...publicRoutes],
      logger,
    );
    interrupted();
    opsHttp = ops ? await startHttpServer(ops.host, ops.port, opsRoutes, logger) : undefined;
    interrupted();
    if (roles.serve) {
      for (const surface of surfaces) {
        await surface.start?.();
        interrupted();
      }
    }
    if (roles.proxy) {
      kubeProxy = await runKubeProxy(config, deps, redis, logger, identity.rules);
      interrupted();
    }
  } catch (error) {
    await stop();
    interrupted();
    throw error;
  }
  logger.info(
    {
      url: http.url,
      opsUrl: opsHttp?.url ?? http.url,
      serve: roles.serve,
      worker: roles.worker,
      ...(kubeProxy ? { proxyUrl: kubeProxy.url } : {}),
      surfaces: surfaces.map((s) => s.name),
    },
    'countersign is running',
  );
  if (roles.serve) for (const surface of surfaces) if (surface.banner) logger.info(surface.banner);

  return {
    url: http.url,
    opsUrl: opsHttp?.url ?? http.url,
    ...(kubeProxy ? { proxyUrl: kubeProxy.url } : {}),
    stop,
  };
}

function linkCheck(link: SurfaceLink | undefined): Promise<void> {
  if (link === undefined || link.up) return Promise.resolve();
  const { state } = link.snapshot() as { state?: unknown };
  return Promise.reject(new Error(`link ${typeof state === 'string' ? state : 'down'}`));
}
