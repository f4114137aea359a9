import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryBackoff } from '../../../../src/adapters/queue/retry-backoff.ts';
import { ClusterPermanentError, ClusterTransientError } from '../../../../src/core/ports/cluster-errors.ts';

const policy = { attempts: 8, baseDelayMs: 2000, maxDelayMs: 60_000 };

test('delays double from the base and stop at the cap; jitter shortens them by at most a fifth', () => {
  const exact = retryBackoff(policy, () => 0);
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7].map((n) => exact(n)),
    [2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000],
  );
  const most = retryBackoff(policy, () => 1);
  assert.equal(most(3), 6400);
  assert.equal(most(10), 60_000);
});

test("a transient cluster error's Retry-After sets the delay, within the cap", () => {
  const backoff = retryBackoff(policy, () => 0);
  assert.equal(
    backoff(1, 'countersign', new ClusterTransientError('throttled', { status: 429, retryAfterSeconds: 7 })),
    7000,
  );
  assert.equal(
    backoff(
      1,
      'countersign',
      new ClusterTransientError('throttled', { status: 429, retryAfterSeconds: 3600 }),
    ),
    60_000,
  );
  assert.equal(backoff(2, 'countersign', new ClusterTransientError('down')), 4000);
  assert.equal(backoff(2, 'countersign', new ClusterPermanentError('cluster_forbidden', 'no')), 4000);
});
