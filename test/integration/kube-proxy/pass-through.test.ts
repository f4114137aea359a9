import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { after, before, describe, test } from 'node:test';
import { passThroughGate } from '../../../src/adapters/kube-proxy/proxy-gate.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { KubectlError, runKubectl } from '../../harness/run-kubectl.ts';
import { PROXY_CLUSTER, startProxyFixture, type ProxyFixture } from './proxy-fixture.ts';

const NS = 'prod-payments';

/** Raw HTTPS to the proxy, for requests kubectl cannot make (forged headers, no token). */
function raw(
  f: ProxyFixture,
  path: string,
  headers: Record<string, string | string[]>,
): Promise<{ status: number; body: string }> {
  const url = new URL(`${f.proxy.url}/clusters/${PROXY_CLUSTER}${path}`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        headers,
        ca: Buffer.from(f.caData, 'base64'),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * A raw HTTPS request to the proxy whose body goes out in `chunks` with
 * `Transfer-Encoding: chunked` and no Content-Length, as some clients send a delete.
 */
function rawChunked(
  f: ProxyFixture,
  method: string,
  path: string,
  headers: Record<string, string>,
  chunks: readonly string[],
): Promise<{ status: number; body: string }> {
  const url = new URL(`${f.proxy.url}/clusters/${PROXY_CLUSTER}${path}`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        method,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        headers: { ...headers, 'transfer-encoding': 'chunked' },
        ca: Buffer.from(f.caData, 'base64'),
      },
      (res) => {
        const got: Buffer[] = [];
        res.on('data', (c: Buffer) => got.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(got).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof KubectlError, String(error));
    return error.stderr;
  }
  assert.fail('kubectl succeeded but should have been refused');
}

describe('countersign proxy: pass-through as the caller, with the real kubectl', () => {
  let cp: ControlPlane;
  let f: ProxyFixture;
  before(async () => {
    cp = await startControlPlane({ seed: true });
    // alice may read and delete pods in prod-payments; bob has nothing there.
    await cp.kubectl([
      'create',
      'role',
      'pod-reader',
      '-n',
      NS,
      '--verb=get,list,watch,delete',
      '--resource=pods,pods/log,pods/exec',
    ]);
    await cp.kubectl(['create', 'rolebinding', 'alice-pods', '-n', NS, '--role=pod-reader', '--user=alice']);
    await cp.kubectl(['create', 'role', 'pod-viewer', '-n', NS, '--verb=get', '--resource=pods']);
    await cp.kubectl(['create', 'rolebinding', 'carol-pods', '-n', NS, '--role=pod-viewer', '--user=carol']);
    f = await startProxyFixture(cp, passThroughGate);
  });
  after(async () => {
    await f?.stop();
    await cp?.stop();
  });

  test('get and list act as the caller: alice sees pods, bob is forbidden by his own RBAC', async () => {
    const names = await f.kubectl('alice', ['get', 'pods', '-n', NS, '-o', 'name']);
    assert.match(names, /pod\/debug-shell/);
    const one = JSON.parse(
      await f.kubectl('alice', ['get', 'pod', 'debug-shell', '-n', NS, '-o', 'json']),
    ) as { metadata: { name: string } };
    assert.equal(one.metadata.name, 'debug-shell');
    const stderr = await refusal(f.kubectl('bob', ['get', 'pods', '-n', NS]));
    assert.match(
      stderr,
      /Error from server \(Forbidden\): pods is forbidden: User "bob" cannot list resource "pods"/,
    );
  });

  test('the API server sees the caller, not Countersign (SelfSubjectReview through the proxy)', async () => {
    const out = JSON.parse(await f.kubectl('alice', ['auth', 'whoami', '-o', 'json'])) as {
      status: { userInfo: { username: string; groups: string[]; uid?: string } };
    };
    assert.equal(out.status.userInfo.username, 'alice');
    assert.equal(out.status.userInfo.uid, 'alice');
    assert.ok(out.status.userInfo.groups.includes('developers'));
    assert.ok(!out.status.userInfo.groups.includes('countersign:approved'));
  });

  test('a watch streams through: an event arrives while the request stays open', async () => {
    const child = spawn(
      cp.binaries.kubectl,
      [
        '--kubeconfig',
        f.kubeconfig('alice'),
        'get',
        'pods',
        '-n',
        NS,
        '--watch',
        '--output-watch-events',
        '-o',
        'name',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const seen = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (out.includes(text)) resolve();
        };
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          check();
        });
        child.once('exit', (code) => reject(new Error(`kubectl exited ${code}: ${out}`)));
        check();
      });
    try {
      await seen('pod/debug-shell');
      const added = seen('watch-probe');
      await cp.kubectl(['run', 'watch-probe', '-n', NS, '--image=nginx:1.27', '--restart=Never']);
      await added;
    } finally {
      child.kill('SIGTERM');
    }
  });

  test(
    'a watch with nothing to say yet gets its response head at once (kubectl and clients wait for it)',
    { timeout: 60_000 },
    async () => {
      const url = new URL(
        `${f.proxy.url}/clusters/${PROXY_CLUSTER}/api/v1/namespaces/${NS}/pods?watch=true&labelSelector=matches%3Dnothing`,
      );
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            hostname: url.hostname,
            port: url.port,
            path: url.pathname + url.search,
            headers: { authorization: `Bearer ${cp.tokens.alice}` },
            ca: Buffer.from(f.caData, 'base64'),
          },
          (res) => {
            resolve(res.statusCode ?? 0);
            req.destroy();
          },
        );
        req.on('error', reject);
        req.end();
      });
      assert.equal(status, 200);
    },
  );

  test('exec is forwarded as the caller: carol, who may only read pods, is refused by RBAC on pods/exec', async () => {
    const stderr = await refusal(f.kubectl('carol', ['exec', 'debug-shell', '-n', NS, '--', 'true']));
    assert.match(stderr, /User "carol" cannot (create|get) resource "pods\/exec"/);
  });

  test('a missing or bad token is 401 and nothing is forwarded', async () => {
    const none = await raw(f, '/api/v1/namespaces', {});
    assert.equal(none.status, 401);
    assert.equal((JSON.parse(none.body) as { kind: string }).kind, 'Status');
    const bad = await raw(f, '/api/v1/namespaces', { authorization: 'Bearer not-a-token' });
    assert.equal(bad.status, 401);
    const stderr = await refusal(
      runKubectl(cp.binaries.kubectl, [
        '--server',
        `${f.proxy.url}/clusters/${PROXY_CLUSTER}`,
        '--token=wrong',
        '--insecure-skip-tls-verify',
        'get',
        'ns',
      ]),
    );
    assert.match(stderr, /Unauthorized|must be logged in/);
  });

  test('a forged Impersonate-User: admin is refused; a permitted --as acts as the asked user', async () => {
    const forged = await raw(f, '/api/v1/namespaces', {
      authorization: `Bearer ${cp.tokens.alice}`,
      'impersonate-user': 'admin',
    });
    assert.equal(forged.status, 403);
    assert.match(
      (JSON.parse(forged.body) as { message: string }).message,
      /"alice" cannot impersonate resource "users" in API group "" named "admin"/,
    );
    const stderr = await refusal(
      f.kubectl('alice', ['get', 'ns', '--as', 'admin', '--as-group', 'system:masters']),
    );
    assert.match(stderr, /Forbidden/);
    const who = JSON.parse(await f.kubectl('admin', ['auth', 'whoami', '-o', 'json', '--as', 'bob'])) as {
      status: { userInfo: { username: string } };
    };
    assert.equal(who.status.userInfo.username, 'bob');
  });

  test('a chunked DELETE with a DeleteOptions body and no Content-Length deletes, as the caller', async () => {
    await cp.kubectl(['run', 'chunked-delete', '-n', NS, '--image=nginx:1.27', '--restart=Never']);
    const options = JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 });
    const answer = await rawChunked(
      f,
      'DELETE',
      `/api/v1/namespaces/${NS}/pods/chunked-delete`,
      {
        authorization: `Bearer ${cp.tokens.alice}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      [options.slice(0, 20), options.slice(20)],
    );
    assert.equal(answer.status, 200, answer.body);
    assert.equal((JSON.parse(answer.body) as { metadata: { name: string } }).metadata.name, 'chunked-delete');
    const left = await cp.kubectl(['get', 'pods', '-n', NS, '-o', 'name']);
    assert.doesNotMatch(left, /pod\/chunked-delete/);
  });

  test('with the API server down the TokenReview cannot answer: 503, nothing forwarded', async () => {
    await cp.stopApiServer();
    // dave's token was never reviewed, so no cached answer can admit him.
    const answer = await raw(f, '/api/v1/namespaces', { authorization: `Bearer ${cp.tokens.dave}` });
    assert.equal(answer.status, 503);
    assert.match(answer.body, /TokenReview/);
  });
});
