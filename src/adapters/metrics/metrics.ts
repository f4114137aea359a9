import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import type { Route } from '../http/http-server.ts';

/** Numbers read at scrape time from shared state (Redis), so every replica reports the same. */
export interface MetricSources {
  activeGrants(): Promise<number>;
  queueCounts(): Promise<Readonly<Record<string, number>>>;
  /** Break-glass runs no approver has acknowledged yet. */
  unreviewedBreakGlass(): Promise<number>;
}

/** Countersign's Prometheus metrics and the hooks that feed them. */
export interface Metrics {
  readonly registry: Registry;
  /** Records what a request's latest transition means (outcome, time to decision, time to effect, revocation lag). */
  observeRecord(record: RequestRecord): void;
  /** Counts a job attempt that threw. */
  jobFailed(job: string): void;
  /** Records whether a cluster's API server answered its last reachability check. */
  clusterReachable(cluster: string, reachable: boolean): void;
  /** Counts a delivery of audit records that the audit sink's destination did not acknowledge. */
  auditDeliveryFailed(destination: string): void;
  /** Counts a surface's link coming back after a loss (Slack Socket Mode reconnects). */
  surfaceReconnected(surface: string): void;
  /** `/metrics` in the Prometheus text format. */
  route(): Route;
}

const FINAL = new Set(['denied', 'expired', 'cancelled', 'succeeded', 'failed', 'revoked', 'active']);

/**
 * Builds the registry: requests by outcome, time to decision, approval-to-effect
 * seconds, revocation lag, job failures, and (at scrape time, from Redis) active
 * grants, unreviewed break-glass runs and queue depth, plus Node's default process
 * metrics.
 */
export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'countersign_process_' });
  const requests = new Counter({
    name: 'countersign_requests_total',
    help: 'Requests that reached an outcome, by outcome (state).',
    labelNames: ['outcome', 'kind'] as const,
    registers: [registry],
  });
  const timeToDecision = new Histogram({
    name: 'countersign_time_to_decision_seconds',
    help: 'From filing to the approval or denial that decided a request.',
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 14400],
    registers: [registry],
  });
  const approvalToEffect = new Histogram({
    name: 'countersign_approval_to_effect_seconds',
    help: 'From the deciding approval to the change being in effect on the cluster.',
    buckets: [0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [registry],
  });
  const revocationLag = new Histogram({
    name: 'countersign_revocation_lag_seconds',
    help: 'How long after expiresAt a grant was actually removed.',
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const jobFailures = new Counter({
    name: 'countersign_job_failures_total',
    help: 'Job attempts that threw, by job name.',
    labelNames: ['job'] as const,
    registers: [registry],
  });
  const reconnects = new Counter({
    name: 'countersign_surface_reconnects_total',
    help: "Times a surface's link to its platform came back after a loss (Slack Socket Mode reconnects), by surface.",
    labelNames: ['surface'] as const,
    registers: [registry],
  });
  const auditDeliveryFailures = new Counter({
    name: 'countersign_audit_sink_failures_total',
    help: 'Deliveries of audit records that the audit sink destination did not acknowledge (retried), by destination.',
    labelNames: ['destination'] as const,
    registers: [registry],
  });
  const clusterReachable = new Gauge({
    name: 'countersign_cluster_reachable',
    help: "1 when the cluster's API server answered the last reachability check with Countersign's credentials, else 0.",
    labelNames: ['cluster'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'countersign_active_grants',
    help: 'Grants in force now.',
    registers: [registry],
    async collect() {
      this.set(await sources.activeGrants());
    },
  });
  new Gauge({
    name: 'countersign_break_glass_unreviewed',
    help: 'Break-glass runs that no approver has acknowledged yet.',
    registers: [registry],
    async collect() {
      this.set(await sources.unreviewedBreakGlass());
    },
  });
  new Gauge({
    name: 'countersign_queue_jobs',
    help: 'Jobs in the queue by state (waiting, delayed, active, failed).',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      for (const [state, count] of Object.entries(await sources.queueCounts())) this.set({ state }, count);
    },
  });

  return {
    registry,
    observeRecord(record) {
      const t = record.timestamps;
      const kind = record.request.type;
      if (FINAL.has(record.state)) requests.inc({ outcome: record.state, kind });
      const decidedAt =
        record.state === 'denied' ? t.denied : record.state === 'approved' ? t.approved : undefined;
      if (decidedAt !== undefined && record.approvals.length > 0)
        timeToDecision.observe((decidedAt - record.createdAt) / 1000);
      const effectAt =
        record.state === 'succeeded' ? t.succeeded : record.state === 'active' ? t.active : undefined;
      if (effectAt !== undefined && t.approved !== undefined)
        approvalToEffect.observe((effectAt - t.approved) / 1000);
      if (record.state === 'expired' && record.grant?.endedAt !== undefined) {
        revocationLag.observe(Math.max(0, record.grant.endedAt - record.grant.expiresAt) / 1000);
      }
    },
    jobFailed(job) {
      jobFailures.inc({ job });
    },
    auditDeliveryFailed(destination) {
      auditDeliveryFailures.inc({ destination });
    },
    surfaceReconnected(surface) {
      reconnects.inc({ surface });
    },
    clusterReachable(cluster, reachable) {
      clusterReachable.set({ cluster }, reachable ? 1 : 0);
    },
    route: () => ({
      prefix: '/metrics',
      handler: async (_req, res) => {
        const body = await registry.metrics();
        res.writeHead(200, { 'content-type': registry.contentType }).end(body);
      },
    }),
  };
}
