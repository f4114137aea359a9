import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMetrics } from '../../../../src/adapters/metrics/metrics.ts';

describe('countersign_break_glass_unreviewed', () => {
  test('reports, at each scrape, how many break-glass runs await review', async () => {
    let unreviewed = 3;
    const metrics = createMetrics({
      activeGrants: () => Promise.resolve(0),
      queueCounts: () => Promise.resolve({}),
      unreviewedBreakGlass: () => Promise.resolve(unreviewed),
    });
    assert.match(await metrics.registry.metrics(), /^countersign_break_glass_unreviewed 3$/m);
    unreviewed = 0;
    assert.match(await metrics.registry.metrics(), /^countersign_break_glass_unreviewed 0$/m);
  });
});
