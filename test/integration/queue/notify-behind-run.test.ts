import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BullmqWorker } from '../../../src/adapters/queue/bullmq-worker.ts';
import { composeWorkflow } from '../../../src/app/compose-workflow.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import type { Notifier } from '../../../src/core/ports/notifier.ts';
import { parseCommand } from '../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../src/core/requests/request-types.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import { createProcessors } from '../../../src/jobs/processors.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { person, silent, workflowPerFile } from './workflow-per-file.ts';

// The notification of an approval that queues the action is queued behind the action:
// delayed, so the notify lane's worker cannot take it before the main lane's worker
// takes the action, while a decision that queues no run is notified at once.

const POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: behind-run }
spec:
  defaults: { requestTTL: 1h }
  approverGroups:
    sre-leads: { users: [bob, carol] }
  rules:
    - name: two
      match: { namespaces: [prod] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads], minApprovals: 2 }
`;

const fixture = workflowPerFile(POLICY);

test('an approval that queues the action queues its notification delayed; the action runs, then the card', async () => {
  const cluster = new RecordingCluster();
  cluster.objects.set('prod/Deployment/api', { labels: {}, annotations: {} });
  const composed = composeWorkflow(fixture.config(), silent, { cluster, watchPolicy: false });
  fixture.closeAfter(() => composed.close());
  const { deps, queue } = composed;
  const text = 'scale deployment/api --replicas 3 -n prod --reason load';
  const filed = await submitRequest(deps, {
    text,
    request: parseCommand(text) as ChangeRequest,
    requester: person('alice'),
  });
  const requestId = filed.id;

  const first = await decideRequest(deps, { requestId, person: person('bob'), verdict: 'approve' });
  assert.equal(first.record.state, 'pending');
  assert.equal(
    await queue.state('notify', { requestId, version: first.record.version }),
    'prioritized',
    'a decision that queues no run is notified at once (behind other due jobs only)',
  );

  const second = await decideRequest(deps, { requestId, person: person('carol'), verdict: 'approve' });
  assert.equal(second.record.state, 'approved');
  assert.equal(await queue.state('execute-action', { requestId }), 'waiting');
  assert.equal(
    await queue.state('notify', { requestId, version: second.record.version }),
    'delayed',
    'the approval queues its notification behind the action',
  );

  const told: RequestRecord[] = [];
  const notifier: Notifier = {
    requestChanged: (record) => Promise.resolve(void told.push(record)),
    grantExpiringSoon: () => Promise.resolve(),
    remindApprovers: () => Promise.resolve(),
  };
  const worker = await BullmqWorker.start(
    fixture.url(),
    createProcessors({ workflow: deps, notifier }),
    { ...composed.queueSettings, concurrency: 2, shutdownGraceMs: 2000 },
    silent,
  );
  fixture.closeAfter(() => worker.close());
  const deadline = Date.now() + 20_000;
  while (!told.some((record) => record.state === 'succeeded')) {
    assert.ok(Date.now() < deadline, 'the card was told the action succeeded');
    await sleep(50);
  }
  assert.equal(cluster.calls.filter((call) => call.startsWith('execute ')).length, 1, 'the action ran once');
});
