import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { ApprovalGate } from '../../../src/adapters/kube-proxy/approval-gate.ts';
import { composeWorkflow, type ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { KubectlError } from '../../harness/run-kubectl.ts';
import { PROXY_CLUSTER, startProxyFixture, type ProxyFixture } from './proxy-fixture.ts';

const NS = 'prod-payments';

const POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: proxy-test }
spec:
  approverGroups:
    sre: { users: [bob, carol] }
  rules:
    - name: kubectl-deletes-in-prod
      match: { origins: [kubectl], namespaces: ['prod-*'], verbs: [delete] }
      outcome: require-approval
      approval: { approverGroups: [sre], minApprovals: 2 }
    - name: no-secret-reads-in-prod
      match: { origins: [kubectl], namespaces: ['prod-*'], verbs: [get, list, watch], kinds: [Secret] }
      outcome: deny
      reason: read production secrets through an access request
`;

const person = (username: string): Principal => ({
  platform: 'web',
  platformUserId: `web-${username}`,
  username,
  groups: ['sre'],
});

interface Run {
  readonly exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
  /** Resolves once kubectl has written a line matching `pattern` to stderr. */
  said(pattern: RegExp): Promise<void>;
}

describe('countersign proxy: kubectl waits for approval (real kubectl, real API server, real Redis)', () => {
  let cp: ControlPlane;
  let redis: RedisServer;
  let composed: ComposedWorkflow;
  let gate: ApprovalGate;
  let f: ProxyFixture;
  /** Holds at most a moment, then answers 403 "re-run after approval". */
  let limitedGate: ApprovalGate;
  let limited: ProxyFixture;
  /** Holds at most a moment, then answers 429 with Retry-After (kubectl retries by itself). */
  let retryingGate: ApprovalGate;
  let retrying: ProxyFixture;

  before(async () => {
    [cp, redis] = await Promise.all([startControlPlane({ seed: true }), startRedis()]);
    await cp.kubectl([
      'create',
      'role',
      'pod-admin',
      '-n',
      NS,
      '--verb=get,list,watch,delete,deletecollection',
      '--resource=pods',
    ]);
    await cp.kubectl(['create', 'rolebinding', 'alice-pods', '-n', NS, '--role=pod-admin', '--user=alice']);
    const dir = mkdtempSync(join(tmpdir(), 'countersign-proxy-hold-'));
    const policyFile = join(dir, 'policy.yaml');
    writeFileSync(policyFile, POLICY);
    composed = composeWorkflow(
      {
        redis: { url: redis.url, keyPrefix: 'proxyhold' },
        kubernetes: {
          kubeconfig: cp.kubeconfigFor('countersign'),
          clusters: [{ name: PROXY_CLUSTER, context: 'countersign' }],
          defaultCluster: PROXY_CLUSTER,
        },
        policyFile,
        tuning: { remindBeforeMs: 60_000 },
      },
      pino({ level: 'silent' }),
      { watchPolicy: false },
    );
    gate = new ApprovalGate({ deps: composed.deps, pollMs: 100 });
    f = await startProxyFixture(cp, gate);
    limitedGate = new ApprovalGate({ deps: composed.deps, pollMs: 100, holdLimitMs: 300 });
    limited = await startProxyFixture(cp, limitedGate);
    retryingGate = new ApprovalGate({
      deps: composed.deps,
      pollMs: 100,
      holdLimitMs: 1_000,
      holdLimitAnswer: 'retry',
    });
    retrying = await startProxyFixture(cp, retryingGate);
    for (const pod of ['rerun-probe', 'retry-probe']) {
      await cp.kubectl(['run', pod, '-n', NS, '--image=nginx:1.27', '--restart=Never']);
    }
  });
  after(async () => {
    await f?.stop();
    await limited?.stop();
    await retrying?.stop();
    await gate?.close();
    await limitedGate?.close();
    await retryingGate?.close();
    await composed?.close();
    await Promise.all([cp?.stop(), redis?.stop()]);
  });

  const run = (args: readonly string[], through: ProxyFixture = f): Run => {
    const child = spawn(cp.binaries.kubectl, ['--kubeconfig', through.kubeconfig('alice'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const listeners = new Set<() => void>();
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      for (const listener of [...listeners]) listener();
    });
    const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.once('close', (code) => resolve({ code, stdout, stderr })),
    );
    return {
      exit,
      kill: (signal) => child.kill(signal),
      said: (pattern) =>
        new Promise((resolve, reject) => {
          const check = (): void => {
            if (!pattern.test(stderr)) return;
            listeners.delete(check);
            resolve();
          };
          listeners.add(check);
          check();
          void exit.then((r) =>
            reject(new Error(`kubectl exited ${r.code} before saying ${pattern}: ${r.stderr}`)),
          );
        }),
    };
  };

  const podExists = async (pod: string): Promise<boolean> =>
    (await cp.kubectl(['get', 'pod', pod, '-n', NS, '--ignore-not-found', '-o', 'name'])).trim() ===
    `pod/${pod}`;

  const approveTwice = async (requestId: string): Promise<void> => {
    await decideRequest(composed.deps, { requestId, person: person('bob'), verdict: 'approve' });
    await decideRequest(composed.deps, { requestId, person: person('carol'), verdict: 'approve' });
  };

  const executedEvents = async (requestId: string): Promise<number> =>
    (await composed.deps.store.listEvents(requestId)).filter((e) => e.event.type === 'executed').length;

  /** Waits until alice has an open request for `path` in `state`. */
  const waitFor = async (pathPart: string, state: RequestRecord['state']): Promise<RequestRecord> => {
    for (;;) {
      const open = await composed.deps.store.listOpenByRequester('alice');
      const found = open.find((r) => r.request.type === 'api' && r.request.call.path.includes(pathPart));
      if (found?.state === state) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const waitForState = async (requestId: string, state: RequestRecord['state']): Promise<void> => {
    while ((await composed.deps.store.get(requestId))?.state !== state) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  test('a read policy passes goes straight through without one Redis command (policy decides in memory)', async () => {
    const probe = new Redis(redis.url);
    /** Commands Redis has run, its own INFO excluded. */
    const commandsRun = async (): Promise<number> => {
      const stats = await probe.info('commandstats');
      let total = 0;
      for (const [, name, calls] of stats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
        if (name !== 'info') total += Number(calls);
      }
      return total;
    };
    try {
      // Once first, so kubectl's discovery and the TokenReview cache are warm.
      await f.kubectl('alice', ['get', 'pods', '-n', NS, '-o', 'name']);
      const before = await commandsRun();
      const listed = await f.kubectl('alice', ['get', 'pods', '-n', NS, '-o', 'name']);
      assert.match(listed, /pod\/rerun-probe/);
      await f.kubectl('alice', ['get', 'pod', 'rerun-probe', '-n', NS, '-o', 'name']);
      assert.equal(await commandsRun(), before, 'a pass-through read touched Redis');
    } finally {
      probe.disconnect();
    }
  });

  test('kubectl delete pod blocks until two people approve, then finishes with the approval warning; the pod is gone; the audit names kubectl', async () => {
    const kubectl = run(['delete', 'pod', 'debug-shell', '-n', NS]);
    const pending = await waitFor('/pods/debug-shell', 'pending');
    assert.equal(
      (await cp.kubectl(['get', 'pod', 'debug-shell', '-n', NS, '-o', 'name'])).trim(),
      'pod/debug-shell',
    );
    assert.equal(pending.request.type, 'api');
    assert.ok(
      pending.preview?.[0]?.startsWith(`kubectl sent DELETE /api/v1/namespaces/${NS}/pods/debug-shell`),
    );

    await decideRequest(composed.deps, { requestId: pending.id, person: person('bob'), verdict: 'approve' });
    assert.equal((await composed.deps.store.get(pending.id))?.state, 'pending');
    await decideRequest(composed.deps, {
      requestId: pending.id,
      person: person('carol'),
      verdict: 'approve',
    });

    const { code, stdout, stderr } = await kubectl.exit;
    assert.equal(code, 0, stderr);
    assert.match(stdout, /pod "debug-shell" deleted/);
    assert.match(stderr, new RegExp(`Warning: approved by bob, carol \\(${pending.id}\\)`));
    const gone = await cp.kubectl([
      'get',
      'pod',
      'debug-shell',
      '-n',
      NS,
      '--ignore-not-found',
      '-o',
      'name',
    ]);
    assert.equal(gone.trim(), '');

    const record = await composed.deps.store.get(pending.id);
    assert.equal(record?.state, 'succeeded');
    const events = await composed.deps.store.listEvents(pending.id);
    const submitted = events.find((e) => e.event.type === 'submitted');
    assert.equal((submitted?.event.details as { origin?: string } | undefined)?.origin, 'kubectl');
    assert.deepEqual(
      events.map((e) => e.event.type).filter((t) => ['approved', 'queued', 'executed', 'failed'].includes(t)),
      ['approved', 'approved', 'queued', 'executed'],
    );
  });

  test('an approver denies: kubectl prints Forbidden naming who denied and why; nothing is deleted', async () => {
    const kubectl = run(['delete', 'pod', 'web-7f9c', '-n', NS, '--wait=false']);
    const pending = await waitFor('/pods/web-7f9c', 'pending');
    await decideRequest(composed.deps, {
      requestId: pending.id,
      person: person('bob'),
      verdict: 'deny',
      reason: 'not during the sale',
    });
    const { code, stderr } = await kubectl.exit;
    assert.notEqual(code, 0);
    assert.match(
      stderr,
      new RegExp(
        `Error from server \\(Forbidden\\): countersign: request ${pending.id} was denied by bob: not during the sale`,
      ),
    );
    assert.equal(
      (await cp.kubectl(['get', 'pod', 'web-7f9c', '-n', NS, '-o', 'name'])).trim(),
      'pod/web-7f9c',
    );
  });

  test('a rule that denies a read (query-level) answers a Status 403 with its reason, and nothing is filed', async () => {
    try {
      await f.kubectl('alice', ['get', 'secret', 'db-creds', '-n', NS]);
      assert.fail('kubectl get secret succeeded');
    } catch (error) {
      assert.ok(error instanceof KubectlError);
      assert.match(
        error.stderr,
        /Error from server \(Forbidden\): countersign: denied by rule no-secret-reads-in-prod: read production secrets through an access request/,
      );
    }
    assert.equal(
      (await cp.kubectl(['get', 'pod', 'web-7f9c', '-n', NS, '-o', 'name'])).trim(),
      'pod/web-7f9c',
    );
  });

  test('Ctrl-C while held cancels the request; an approval after that never executes', async () => {
    const kubectl = run(['delete', 'pod', 'web-7f9c', '-n', NS]);
    const pending = await waitFor('/pods/web-7f9c', 'pending');
    kubectl.kill('SIGINT');
    await kubectl.exit;
    for (;;) {
      const record = await composed.deps.store.get(pending.id);
      if (record?.state === 'cancelled') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await assert.rejects(
      decideRequest(composed.deps, { requestId: pending.id, person: person('bob'), verdict: 'approve' }),
    );
    assert.equal(
      (await cp.kubectl(['get', 'pod', 'web-7f9c', '-n', NS, '-o', 'name'])).trim(),
      'pod/web-7f9c',
    );
  });

  test('a server-side dry run passes straight through, even while the same command waits for approval', async () => {
    const held = run(['delete', 'pod', 'web-7f9c', '-n', NS]);
    const pending = await waitFor('/pods/web-7f9c', 'pending');
    const dry = await f.kubectl('alice', ['delete', 'pod', 'web-7f9c', '-n', NS, '--dry-run=server']);
    assert.match(dry, /pod "web-7f9c" deleted.* \(server dry run\)/);
    assert.ok(await podExists('web-7f9c'));
    const open = (await composed.deps.store.listOpenByRequester('alice')).filter(
      (r) => r.request.type === 'api' && r.request.call.path.includes('/pods/web-7f9c'),
    );
    assert.deepEqual(
      open.map((r) => [r.id, r.state]),
      [[pending.id, 'pending']],
    );
    held.kill('SIGINT');
    await held.exit;
    await waitForState(pending.id, 'cancelled');
  });

  test('a hold past the limit answers 403 "re-run within N minutes"; the identical re-run after approval executes once', async () => {
    const first = await run(['delete', 'pod', 'rerun-probe', '-n', NS, '--wait=false'], limited).exit;
    assert.notEqual(first.code, 0);
    const pending = await waitFor('/pods/rerun-probe', 'pending');
    assert.match(
      first.stderr,
      new RegExp(
        `Error from server \\(Forbidden\\): countersign: still waiting for approval of request ${pending.id} — re-run the same command within 15 minutes after approval and it runs once`,
      ),
    );
    assert.ok(await podExists('rerun-probe'));

    // Re-run while still pending: it joins the same request (nothing new is filed) and is told again.
    const again = await run(['delete', 'pod', 'rerun-probe', '-n', NS, '--wait=false'], limited).exit;
    assert.match(again.stderr, new RegExp(`still waiting for approval of request ${pending.id}`));

    await approveTwice(pending.id);
    await waitForState(pending.id, 'approved');
    const rerun = await run(['delete', 'pod', 'rerun-probe', '-n', NS, '--wait=false'], limited).exit;
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stdout, /pod "rerun-probe" deleted/);
    assert.match(rerun.stderr, new RegExp(`Warning: approved by bob, carol \\(${pending.id}\\)`));
    assert.equal(await podExists('rerun-probe'), false);
    assert.equal((await composed.deps.store.get(pending.id))?.state, 'succeeded');
    assert.equal(await executedEvents(pending.id), 1);
    const filed = (await composed.deps.store.listEvents(pending.id)).filter(
      (e) => e.event.type === 'submitted',
    );
    assert.equal(filed.length, 1);
  });

  test('in retry mode a hold past the limit answers 429 with Retry-After: kubectl retries by itself and finishes once approved', async () => {
    // -v=6 logs each response, so the test sees the 429 before it approves.
    const kubectl = run(['delete', 'pod', 'retry-probe', '-n', NS, '--wait=false', '-v=6'], retrying);
    const pending = await waitFor('/pods/retry-probe', 'pending');
    await kubectl.said(/verb="DELETE" url="\S+\/pods\/retry-probe" status="429 Too Many Requests"/);
    await approveTwice(pending.id);
    const { code, stdout, stderr } = await kubectl.exit;
    assert.equal(code, 0, stderr);
    assert.match(stdout, /pod "retry-probe" deleted/);
    assert.match(stderr, new RegExp(`Warning: approved by bob, carol \\(${pending.id}\\)`));
    assert.equal(await podExists('retry-probe'), false);
    assert.equal(await executedEvents(pending.id), 1);
  });
});
