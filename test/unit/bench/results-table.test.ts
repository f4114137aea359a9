import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { figure } from '../../../bench/lib/figure.ts';
import { resultsMarkdown } from '../../../bench/lib/results-table.ts';

const machine = { cores: 2, memoryGb: 8, cpuModel: 'cpu', node: 'v20', kernel: 'k' };

function rowOf(markdown: string, metric: string): string {
  const row = markdown.split('\n').find((line) => line.startsWith(`| ${metric} |`));
  assert.ok(row, `no row for ${metric} in:\n${markdown}`);
  return row;
}

describe('resultsMarkdown', () => {
  test('a ratio shows its value in × and its baseline in the baseline’s own unit', () => {
    const ratio = figure({
      id: 'proxy.get-pods.p50-ratio',
      metric: 'get pods through the proxy ÷ direct, p50',
      value: 1.1,
      unit: '×',
      comparator: '<=',
      target: 1.2,
      baseline: 'straight to kube-apiserver, p50',
      baselineValue: 4.56,
      baselineUnit: 'ms',
      samples: 1000,
    });
    const markdown = resultsMarkdown({
      machine,
      startedAt: '2026-12-05T00:00:00Z',
      minutes: 1,
      load: [],
      figures: [ratio],
      notMeasured: [],
    });
    assert.equal(
      rowOf(markdown, ratio.metric),
      '| get pods through the proxy ÷ direct, p50 | 1.1× | 4.56 ms — straight to kube-apiserver, p50 | ≤ 1.2× ✅ met | 1000 |',
    );
  });
});
