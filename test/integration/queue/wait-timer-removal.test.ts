import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { composeWorkflow } from '../../../src/app/compose-workflow.ts';
import { parseCommand } from '../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../src/core/requests/request-types.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { person, silent, workflowPerFile } from './workflow-per-file.ts';

// An approval removes the wait timers of its request: the TTL timer, and the escalation
// and reminder timers only where policy set them. What reaches Redis is watched with
// MONITOR, so a removal of a job that was never scheduled shows up as the round trip it is.

const POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: wait-timers }
spec:
  defaults: { requestTTL: 1h }
  approverGroups:
    sre-leads: { users: [bob] }
    sre-oncall: { users: [dave] }
  rules:
    - name: plain
      match: { namespaces: [plain] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads] }
    - name: nudged
      match: { namespaces: [nudged] }
      outcome: require-approval
      approval:
        approverGroups: [sre-leads]
        remindApproversEvery: 10m
        escalation:
          - { after: 20m, approverGroups: [sre-oncall] }
`;

let monitor: Redis;
/** The connection MONITOR was started from; it stays an ordinary connection. */
let probe: Redis;
/** Every command Redis executed since the monitor started, its arguments joined by spaces. */
const seen: string[] = [];

const fixture = workflowPerFile(POLICY, async (url) => {
  probe = new Redis(url);
  monitor = await probe.monitor();
  monitor.on('monitor', (_time: string, args: string[]) => seen.push(args.join(' ')));
  fixture.closeAfter(() => {
    monitor.disconnect();
    probe.disconnect();
    return Promise.resolve();
  });
});

/** Resolves once MONITOR has shown every command Redis executed before this call. */
async function monitorCaughtUp(): Promise<void> {
  const marker = `caught-up-${randomBytes(4).toString('hex')}`;
  await probe.echo(marker);
  await new Promise<void>((resolve) => {
    const check = (_time: string, args: string[]): void => {
      if (!args.includes(marker)) return;
      monitor.off('monitor', check);
      resolve();
    };
    if (seen.some((line) => line.includes(marker))) resolve();
    else monitor.on('monitor', check);
  });
}

function workflow() {
  const cluster = new RecordingCluster();
  for (const namespace of ['plain', 'nudged'])
    cluster.objects.set(`${namespace}/Deployment/api`, { labels: {}, annotations: {} });
  const composed = composeWorkflow(fixture.config(), silent, { cluster, watchPolicy: false });
  fixture.closeAfter(() => composed.close());
  const { deps, queue } = composed;
  const file = async (namespace: string): Promise<string> => {
    const text = `scale deployment/api --replicas 3 -n ${namespace} --reason load`;
    const record = await submitRequest(deps, {
      text,
      request: parseCommand(text) as ChangeRequest,
      requester: person('alice'),
    });
    return record.id;
  };
  /** Approves `id` and returns the commands Redis executed meanwhile. */
  const approve = async (id: string): Promise<string[]> => {
    await monitorCaughtUp();
    const before = seen.length;
    await decideRequest(deps, { requestId: id, person: person('bob'), verdict: 'approve' });
    await monitorCaughtUp();
    return seen.slice(before);
  };
  return { queue, file, approve };
}

test('an approval removes no escalation or reminder timer when policy set none', async () => {
  const { file, approve } = workflow();
  const id = await file('plain');
  const commands = await approve(id);
  const naming = (job: string) => commands.filter((line) => line.includes(`${job}.${id}`));
  assert.ok(naming('execute-action').length > 0, 'the action was queued (the monitor saw the decision)');
  assert.ok(naming('expire-request').length > 0, 'the TTL timer policy set was removed');
  assert.deepEqual(naming('escalate-request'), [], 'no escalation timer was set, none is removed');
  assert.deepEqual(naming('remind-approvers'), [], 'no reminder timer was set, none is removed');
});

test('an approval still removes the escalation and reminder timers policy set', async () => {
  const { queue, file, approve } = workflow();
  const id = await file('nudged');
  const timers = ['expire-request', 'escalate-request', 'remind-approvers'] as const;
  for (const job of timers)
    assert.equal(await queue.state(job, { requestId: id }), 'delayed', `${job} was set at filing`);
  await approve(id);
  for (const job of timers)
    assert.equal(await queue.state(job, { requestId: id }), undefined, `${job} was removed`);
  assert.equal(await queue.state('execute-action', { requestId: id }), 'waiting');
});
