import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createMetrics } from '../../../src/adapters/metrics/metrics.ts';

/** The chart's Grafana dashboard, as JSON. */
export const DASHBOARD_PATH = fileURLToPath(
  new URL('../../../charts/countersign/files/grafana-dashboard.json', import.meta.url),
);

interface Panel {
  readonly title: string;
  readonly targets?: readonly { readonly expr: string }[];
}

/** Every PromQL expression of the dashboard, with the title of its panel. */
export function dashboardQueries(): { panel: string; expr: string }[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8')) as { panels: Panel[] };
  return dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
}

/**
 * Every series name Countersign's /metrics exposes, read from the registry
 * src/adapters/metrics/metrics.ts builds (default process metrics included; a histogram
 * as its _bucket, _sum and _count series).
 */
export async function exposedSeriesNames(): Promise<Set<string>> {
  const metrics = createMetrics({
    activeGrants: () => Promise.resolve(0),
    queueCounts: () => Promise.resolve({ waiting: 0 }),
    unreviewedBreakGlass: () => Promise.resolve(0),
  });
  const names = new Set<string>();
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    // prom-client types `type` as a numeric enum; at run time it is the Prometheus type name.
    if (String(metric.type) === 'histogram')
      for (const s of ['_bucket', '_sum', '_count']) names.add(metric.name + s);
    else names.add(metric.name);
  }
  return names;
}

/** The countersign_* names an expression reads. */
export const seriesIn = (expr: string): string[] =>
  [...expr.matchAll(/\bcountersign_[a-z0-9_]+\b/g)].map((m) => m[0]);
