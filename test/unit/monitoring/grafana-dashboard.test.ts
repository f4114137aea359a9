import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dashboardQueries, exposedSeriesNames, seriesIn } from './dashboard-metrics.ts';

describe('the Grafana dashboard (charts/countersign/files/grafana-dashboard.json)', () => {
  test('every query reads at least one Countersign series, and every series it names is one /metrics exposes', async () => {
    const exposed = await exposedSeriesNames();
    const queries = dashboardQueries();
    assert.ok(queries.length >= 10, `${queries.length} queries`);
    for (const { panel, expr } of queries) {
      const series = seriesIn(expr);
      assert.ok(series.length > 0, `${panel}: reads no countersign_* series: ${expr}`);
      for (const name of series)
        assert.ok(exposed.has(name), `${panel}: ${name} is not a metric Countersign exposes`);
    }
  });

  test('every Countersign metric of src/adapters/metrics/metrics.ts is on some panel', async () => {
    const shown = new Set(dashboardQueries().flatMap(({ expr }) => seriesIn(expr)));
    const own = [...(await exposedSeriesNames())].filter(
      (name) => !name.startsWith('countersign_process_') && !/_(sum|count)$/.test(name),
    );
    assert.deepEqual(
      own.filter((name) => !shown.has(name)),
      [],
    );
  });
});
