import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { createMetrics, type Metrics } from '../../../src/adapters/metrics/metrics.ts';
import { RedisRequestStore } from '../../../src/adapters/store/redis-request-store.ts';
import { observingNotifier } from '../../../src/app/observing-notifier.ts';
import { acknowledgeBreakGlass } from '../../../src/core/lifecycle/acknowledge-break-glass.ts';
import { approve } from '../../../src/core/lifecycle/approve.ts';
import { enqueue } from '../../../src/core/lifecycle/enqueue.ts';
import { fileRequest } from '../../../src/core/lifecycle/file-request.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import { startExecution } from '../../../src/core/lifecycle/start-execution.ts';
import { succeed } from '../../../src/core/lifecycle/succeed.ts';
import type { TransitionResult } from '../../../src/core/lifecycle/transition-result.ts';
import type { Notifier } from '../../../src/core/ports/notifier.ts';
import {
  alice,
  bob,
  freshPrefix,
  MINUTE,
  pendingScale,
  requireApproval,
  scaleRequest,
  T0,
  redisPerFile,
} from './fixtures.ts';

let redis: Redis;
redisPerFile((connection) => (redis = connection));

/** The value of one series line (`name{labels} value`) in a scrape, or undefined when absent. */
function sample(scrape: string, series: string): number | undefined {
  const line = scrape.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The store and metrics wired as `runProcess` wires them, and a notifier that only observes. */
function wire(store: RedisRequestStore): { metrics: Metrics; notifier: Notifier } {
  const metrics = createMetrics({
    activeGrants: () => store.countActiveGrants(),
    unreviewedBreakGlass: () => store.countUnreviewedBreakGlass(),
    queueCounts: () => Promise.resolve({}),
  });
  const silent: Notifier = {
    requestChanged: () => Promise.resolve(),
    grantExpiringSoon: () => Promise.resolve(),
    remindApprovers: () => Promise.resolve(),
  };
  return { metrics, notifier: observingNotifier(metrics, silent) };
}

/** Stores `step` and tells the notifier, as the workflow does for each new version. */
async function land(
  store: RedisRequestStore,
  notifier: Notifier,
  step: TransitionResult,
): Promise<RequestRecord> {
  assert.equal(await store.compareAndSet(step.record, step.events), true);
  await notifier.requestChanged(step.record);
  return step.record;
}

describe('request metrics, read from the real store and fed by request changes', () => {
  test('the unreviewed break-glass gauge follows runs in Redis: up when filed, down when acknowledged', async () => {
    const store = new RedisRequestStore(redis, { keyPrefix: freshPrefix() });
    const { metrics } = wire(store);
    const gauge = async () => sample(await metrics.registry.metrics(), 'countersign_break_glass_unreviewed');
    assert.equal(await gauge(), 0);
    const filed = fileRequest({
      id: 'bg-gauge',
      request: { ...scaleRequest(), breakGlass: true },
      text: 'scale deployment/api --replicas 5 -n prod-payments --incident INC-4312 --break-glass --reason load',
      cluster: 'prod',
      requester: alice,
      decision: requireApproval(['sre-leads'], { breakGlassAllowed: true }),
      requesterStepUp: { issuer: 'https://id.example.com', subject: 'sub-alice', amr: ['mfa'], authTime: T0 },
      at: T0,
    });
    assert.equal(await store.create(filed.record, filed.events), true);
    assert.equal(await gauge(), 1);
    const reviewed = acknowledgeBreakGlass(filed.record, bob, ['sre-leads'], T0 + MINUTE);
    assert.equal(await store.compareAndSet(reviewed.record, reviewed.events), true);
    assert.equal(await gauge(), 0);
  });

  test('a request approved and run moves the outcome counter and both latency histograms', async () => {
    const store = new RedisRequestStore(redis, { keyPrefix: freshPrefix() });
    const { metrics, notifier } = wire(store);
    const scrape = () => metrics.registry.metrics();
    const filed = pendingScale('cs-metrics01');
    assert.equal(await store.create(filed.record, filed.events), true);
    const before = await scrape();
    assert.equal(sample(before, 'countersign_time_to_decision_seconds_count'), 0);
    assert.equal(sample(before, 'countersign_approval_to_effect_seconds_count'), 0);

    let record = await land(store, notifier, approve(filed.record, bob, ['sre-leads'], T0 + 2 * MINUTE));
    assert.equal(record.state, 'approved');
    const decided = await scrape();
    assert.equal(sample(decided, 'countersign_time_to_decision_seconds_count'), 1);
    assert.equal(sample(decided, 'countersign_time_to_decision_seconds_sum'), 120);
    assert.equal(sample(decided, 'countersign_time_to_decision_seconds_bucket{le="60"}'), 0);
    assert.equal(sample(decided, 'countersign_time_to_decision_seconds_bucket{le="120"}'), 1);

    record = await land(store, notifier, enqueue(record, T0 + 2 * MINUTE + 100));
    record = await land(store, notifier, startExecution(record, T0 + 2 * MINUTE + 200));
    await land(store, notifier, succeed(record, T0 + 2 * MINUTE + 400, 'scaled api 3 → 5'));
    const done = await scrape();
    assert.equal(sample(done, 'countersign_requests_total{outcome="succeeded",kind="action"}'), 1);
    assert.equal(sample(done, 'countersign_approval_to_effect_seconds_count'), 1);
    assert.equal(sample(done, 'countersign_approval_to_effect_seconds_sum'), 0.4);
    assert.equal(sample(done, 'countersign_approval_to_effect_seconds_bucket{le="0.3"}'), 0);
    assert.equal(sample(done, 'countersign_approval_to_effect_seconds_bucket{le="0.5"}'), 1);
    assert.equal(sample(done, 'countersign_time_to_decision_seconds_count'), 1, 'decided once');
  });
});
