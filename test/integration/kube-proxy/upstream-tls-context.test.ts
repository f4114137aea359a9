import assert from 'node:assert/strict';
import { Agent, request } from 'node:https';
import tls from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { passThroughGate } from '../../../src/adapters/kube-proxy/proxy-gate.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { PROXY_CLUSTER, startProxyFixture, type ProxyFixture } from './proxy-fixture.ts';

const NS = 'tls-context';
const WATCHES = 5;

describe('countersign proxy: connections to the API server', () => {
  let cp: ControlPlane;
  let f: ProxyFixture;
  before(async () => {
    cp = await startControlPlane({});
    await cp.kubectl(['create', 'namespace', NS]);
    await cp.kubectl(['create', 'role', 'pods', '-n', NS, '--verb=list,watch', '--resource=pods']);
    await cp.kubectl(['create', 'rolebinding', 'alice', '-n', NS, '--role=pods', '--user=alice']);
    f = await startProxyFixture(cp, passThroughGate);
  });
  after(async () => {
    await f?.stop();
    await cp?.stop();
  });

  test('watches held open at once each get their own upstream connection, all with one TLS context', async () => {
    // This process's client brings its own context, so every context made here is the proxy's.
    const client = new Agent({
      keepAlive: false,
      secureContext: tls.createSecureContext({ ca: Buffer.from(f.caData, 'base64') }),
    });
    const original = tls.createSecureContext;
    let created = 0;
    tls.createSecureContext = (...args) => {
      created += 1;
      return original(...args);
    };
    const open: { destroy(): void }[] = [];
    try {
      const url = new URL(`${f.proxy.url}/clusters/${PROXY_CLUSTER}/api/v1/namespaces/${NS}/pods?watch=true`);
      const statuses = await Promise.all(
        Array.from(
          { length: WATCHES },
          () =>
            new Promise<number>((resolve, reject) => {
              const req = request(
                {
                  agent: client,
                  hostname: url.hostname,
                  port: url.port,
                  path: url.pathname + url.search,
                  headers: { authorization: `Bearer ${cp.tokens.alice}` },
                },
                (res) => resolve(res.statusCode ?? 0),
              );
              req.on('error', reject);
              open.push(req);
              req.end();
            }),
        ),
      );
      assert.deepEqual(statuses, Array(WATCHES).fill(200), 'every watch is open, each on its own connection');
      assert.ok(created <= 1, `${created} TLS contexts were made for ${WATCHES + 1} upstream connections`);
    } finally {
      tls.createSecureContext = original;
      for (const req of open) req.destroy();
      client.destroy();
    }
  });
});
