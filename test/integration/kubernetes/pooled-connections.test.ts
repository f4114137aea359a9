import assert from 'node:assert/strict';
import tls from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLUSTER, startClusterFixture, type ClusterFixture } from './cluster-fixture.ts';

const IN_FLIGHT = 8;
/** Longer than undici's default keep-alive (4 s), which closed an idle pooled connection. */
const IDLE_MS = 5_000;

/** Counts what `body` makes of TLS contexts and TLS connections in this process. */
async function counting<T>(body: () => Promise<T>): Promise<{ contexts: number; connections: number }> {
  const { createSecureContext, connect } = tls;
  const seen = { contexts: 0, connections: 0 };
  tls.createSecureContext = (...args) => {
    seen.contexts += 1;
    return createSecureContext(...args);
  };
  tls.connect = ((...args: Parameters<typeof connect>) => {
    seen.connections += 1;
    return connect(...args);
  }) as typeof connect;
  try {
    await body();
  } finally {
    tls.createSecureContext = createSecureContext;
    tls.connect = connect;
  }
  return seen;
}

// A worker's calls to the API server (here Countersign's own identity against a real
// kube-apiserver) go through one pool per cluster: its connections share one TLS
// context, and one left idle between bursts is still there for the next.
describe('Kubernetes adapter: pooled connections to the API server', () => {
  let f: ClusterFixture;
  const version = () =>
    f.registry.get(CLUSTER).clients({ kind: 'countersign' }).rest.call({ method: 'GET', path: '/version' });

  before(async () => {
    f = await startClusterFixture();
  });
  after(async () => {
    await f?.stop();
  });

  test('calls in flight at once open their connections with one TLS context', async () => {
    const seen = await counting(() => Promise.all(Array.from({ length: IN_FLIGHT }, version)));
    assert.ok(seen.connections > 1, `the ${IN_FLIGHT} calls used ${seen.connections} new connection(s)`);
    assert.ok(seen.contexts <= 1, `${seen.contexts} TLS contexts for ${seen.connections} connections`);
  });

  test('a connection idle for 5 s is reused, not opened again', async () => {
    await version();
    await sleep(IDLE_MS);
    const seen = await counting(version);
    assert.equal(seen.connections, 0, 'the call after the pause opened a new TLS connection');
  });
});
