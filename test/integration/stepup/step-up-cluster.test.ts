import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ClusterRegistry } from '../../../src/adapters/kubernetes/cluster-registry.ts';
import { KubernetesCluster } from '../../../src/adapters/kubernetes/kubernetes-cluster.ts';
import { parseCommand } from '../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../src/core/requests/request-types.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { runAction } from '../../../src/core/workflow/run-action.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import { withStepUp } from '../../../src/core/workflow/with-step-up.ts';
import type { InMemoryJobQueue } from '../../fakes/in-memory-job-queue.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { people, REQUIRED, startStepUpStack, type StepUpStack } from './step-up-stack.ts';

/** The step-up policy, executing as Countersign's own account on the real control plane. */
const POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: step-up-cluster }
spec:
  defaults: { executeAs: countersign }
  approverGroups:
    sre-leads: { users: [bob@example.com, carol@example.com] }
  rules:
    - name: prod
      match: { namespaces: [prod-*] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads], stepUp: true }
`;
const MFA = { acr: REQUIRED.acr, amr: ['pwd', 'otp', REQUIRED.amr] };
const text = 'scale deployment/api --replicas 5 -n prod-payments --reason "INC-4312 load"';

let cp: ControlPlane;
let stack: StepUpStack;
const replicas = async (): Promise<number> =>
  Number(
    await cp.kubectl(['get', 'deployment', 'api', '-n', 'prod-payments', '-o', 'jsonpath={.spec.replicas}']),
  );

before(async () => {
  cp = await startControlPlane({ seed: true });
  const registry = ClusterRegistry.load({
    kubeconfig: cp.kubeconfigFor('countersign'),
    clusters: [{ name: 'test', context: 'countersign' }],
  });
  stack = await startStepUpStack({ cluster: new KubernetesCluster(registry), policy: POLICY });
});

after(async () => {
  await stack?.stop();
  await cp?.stop();
});

void describe('a step-up approval on the real control plane', () => {
  void test('nothing runs on the click alone; after the approver’s fresh MFA sign-in the approved scale runs on the cluster', async () => {
    const record = await submitRequest(stack.deps, {
      text,
      request: parseCommand(text) as ChangeRequest,
      requester: people.alice,
    });
    const outcome = await withStepUp(
      stack.stepUp,
      { kind: 'approve', requestId: record.id, person: people.bob },
      () => decideRequest(stack.deps, { requestId: record.id, person: people.bob, verdict: 'approve' }),
    );
    assert.ok('stepUpUrl' in outcome, 'policy wants step-up, so the click alone must not count');
    const queue = stack.deps.queue as InMemoryJobQueue;
    assert.equal(queue.find('execute-action', record.id), undefined, 'nothing is queued to run');
    assert.equal((await stack.deps.store.get(record.id))?.state, 'pending');
    assert.equal(await replicas(), 3, 'an independent read: the cluster is untouched');

    const { result } = await stack.signIn(outcome.stepUpUrl, { sub: 'sub-bob', ...MFA });
    assert.equal(result.status, 200, result.body);
    assert.match(result.body, /You approved scale deployment\/api in prod-payments/);
    assert.ok(queue.find('execute-action', record.id), 'the approved request is queued to run');

    // The execute-action job's body, as the worker runs it.
    assert.equal(await runAction(stack.deps, record.id), 'done');
    const done = await stack.deps.store.get(record.id);
    assert.equal(done?.state, 'succeeded');
    assert.equal(done?.approvals[0]?.stepUp?.subject, 'sub-bob');
    assert.equal(await replicas(), 5, 'an independent read: the approved scale ran on the cluster');
    const events = (await stack.deps.store.listEvents(record.id)).map((e) => [e.event.type, e.event.actor]);
    assert.deepEqual(
      events.filter(([type]) => ['step-up', 'approved', 'executed'].includes(String(type))),
      [
        ['step-up', 'bob@example.com'],
        ['approved', 'bob@example.com'],
        ['executed', 'countersign'],
      ],
    );
  });
});
