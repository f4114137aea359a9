import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { ClusterRegistry } from '../../../src/adapters/kubernetes/cluster-registry.ts';
import { KubernetesCluster } from '../../../src/adapters/kubernetes/kubernetes-cluster.ts';
import { ClusterPermanentError, ClusterTransientError } from '../../../src/core/ports/cluster-errors.ts';
import { UserFacingError } from '../../../src/core/errors.ts';
import { freePorts } from '../../harness/free-port.ts';
import { action, target } from './cluster-fixture.ts';

type Reply = (response: ServerResponse) => void;

const status =
  (code: number, reason: string, headers: Record<string, string> = {}): Reply =>
  (response) => {
    response.writeHead(code, { 'content-type': 'application/json', ...headers });
    response.end(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        message: `${reason} from the fake server`,
        reason,
        code,
      }),
    );
  };

// An HTTP server that answers as an API server in trouble would, so every failure
// class is seen through client-node exactly as a real one would reach it.
describe('Kubernetes adapter: failures the queue should retry, or not', () => {
  let server: Server;
  let reply: Reply = status(503, 'ServiceUnavailable');
  let dir: string;
  let cluster: KubernetesCluster;

  const kubeconfig = (name: string, url: string) => {
    const path = join(dir, `${name}.yaml`);
    writeFileSync(
      path,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name, cluster: { server: url, 'insecure-skip-tls-verify': true } }],
        users: [{ name, user: { token: 'fake' } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        'current-context': name,
      }),
    );
    return path;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'countersign-k8s-errors-'));
    server = createServer((_request, response) => reply(response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const [closed = 1] = await freePorts(1);
    const registry = ClusterRegistry.load({
      kubeconfig: [
        kubeconfig('flaky', `http://127.0.0.1:${port}`),
        kubeconfig('down', `http://127.0.0.1:${closed}`),
      ].join(':'),
      requestTimeoutMs: 1000,
    });
    cluster = new KubernetesCluster(registry);
  });
  after(() => {
    server?.close();
    server?.closeAllConnections();
    rmSync(dir, { recursive: true, force: true });
  });

  const scale = action(target('Deployment', 'api', 'prod'), { verb: 'scale', replicas: 2 });
  const context = { requestId: 'r', approvedAt: 0 };

  test('every kubeconfig context is a cluster named after it', () => {
    assert.deepEqual(cluster.clusterNames(), ['flaky', 'down']);
  });

  test('5xx and 429 are transient, with Retry-After kept', async () => {
    reply = status(503, 'ServiceUnavailable');
    await assert.rejects(
      cluster.ping('flaky'),
      (error: unknown) => error instanceof ClusterTransientError && error.status === 503,
    );
    reply = status(429, 'TooManyRequests', { 'retry-after': '7' });
    await assert.rejects(
      cluster.execute('flaky', scale, { kind: 'countersign' }, context),
      (error: unknown) => {
        assert.ok(error instanceof ClusterTransientError);
        assert.equal(error.code, 'cluster_unavailable');
        assert.equal(error.retryAfterSeconds, 7);
        return true;
      },
    );
  });

  test('403, 404 and 422 are permanent and say what happened', async () => {
    reply = status(403, 'Forbidden');
    await assert.rejects(cluster.execute('flaky', scale, { kind: 'countersign' }, context), {
      code: 'cluster_forbidden',
    });
    reply = status(404, 'NotFound');
    await assert.rejects(
      cluster.execute('flaky', scale, { kind: 'countersign' }, context),
      (error: unknown) => {
        assert.ok(error instanceof ClusterPermanentError);
        assert.equal(error.code, 'target_not_found');
        assert.equal(
          error.toUserText(),
          'Deployment api not found in namespace prod on cluster flaky.\nExample: kubectl get deployments -n prod --context flaky',
        );
        return true;
      },
    );
    reply = status(422, 'Invalid');
    await assert.rejects(cluster.execute('flaky', scale, { kind: 'countersign' }, context), {
      code: 'cluster_invalid',
    });
  });

  test(
    'a refused connection and a server that never answers are transient',
    { timeout: 60_000 },
    async () => {
      await assert.rejects(
        cluster.ping('down'),
        (error: unknown) => error instanceof ClusterTransientError && error.status === undefined,
      );
      // The server never answers; what ends the wait must be Countersign's request
      // timeout (1 s here): the client closes the connection while the server still holds
      // the response. Without a timeout this test hangs until the runner's deadline.
      let closed: (unanswered: boolean) => void = () => undefined;
      const clientGaveUp = new Promise<boolean>((resolve) => (closed = resolve));
      reply = (response) => response.on('close', () => closed(!response.writableEnded));
      await assert.rejects(
        cluster.lookupTarget('flaky', target('Deployment', 'api', 'prod')),
        ClusterTransientError,
      );
      assert.equal(await clientGaveUp, true, 'the client closed the unanswered request');
    },
  );

  test('an unknown cluster name is a user-facing error naming the known ones', async () => {
    await assert.rejects(cluster.ping('prod'), (error: unknown) => {
      assert.ok(error instanceof UserFacingError);
      assert.equal(error.code, 'unknown_cluster');
      assert.equal(error.message, 'There is no cluster named "prod". Known clusters: flaky, down.');
      return true;
    });
  });
});
