import { ManualClock } from '../../../../src/core/ports/clock.ts';
import type { Principal } from '../../../../src/core/ports/identity.ts';
import { noNativeGroups } from '../../../../src/core/ports/membership.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../../src/core/requests/request-types.ts';
import type { WorkflowDeps } from '../../../../src/core/workflow/workflow-deps.ts';
import { InMemoryAuditSink } from '../../../fakes/in-memory-audit-sink.ts';
import { InMemoryJobQueue } from '../../../fakes/in-memory-job-queue.ts';
import { InMemoryRequestStore } from '../../../fakes/in-memory-request-store.ts';
import { RecordingCluster } from '../../../fakes/recording-cluster.ts';

/** The policy every workflow test starts with. */
export const POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: workflow-test }
spec:
  defaults: { requestTTL: 1h }
  approverGroups:
    sre-leads: { users: [bob@example.com, carol@example.com] }
  grantableRoles:
    - { name: view, kind: ClusterRole, maxDuration: 8h }
  rules:
    - name: prod
      match: { namespaces: [prod-*] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads], minApprovals: 2 }
    - name: staging
      match: { namespaces: [staging-*] }
      outcome: auto-approve
`;

const person = (name: string, groups: string[]): Principal => ({
  platform: 'web',
  platformUserId: `id-${name}`,
  username: `${name}@example.com`,
  email: `${name}@example.com`,
  groups,
});

/** People of the workflow tests. */
export const people = {
  alice: person('alice', ['developers']),
  bob: person('bob', ['sre']),
  carol: person('carol', ['sre']),
  mallory: person('mallory', ['developers']),
};

/** A workflow wired to in-memory ports and a manual clock. */
export function workflowFixture() {
  const clock = new ManualClock(Date.UTC(2026, 2, 3, 10, 0, 0));
  const audit = new InMemoryAuditSink();
  const store = new InMemoryRequestStore(audit);
  const queue = new InMemoryJobQueue();
  const cluster = new RecordingCluster();
  cluster.objects.set('prod-payments/Deployment/api', { labels: { app: 'api' }, annotations: {} });
  cluster.objects.set('staging-web/Deployment/web', { labels: {}, annotations: {} });
  let next = 0;
  let policy = loadPolicy(POLICY, 'workflow-test');
  /** Swaps the policy in force, as a reload of the policy file does. */
  const reloadPolicy = (text: string) => {
    policy = loadPolicy(text, 'workflow-test');
  };
  const deps: WorkflowDeps = {
    store,
    audit,
    queue,
    cluster,
    membership: noNativeGroups,
    clock,
    policy: () => policy,
    newId: () => `cs-${String(++next).padStart(10, 'a')}`,
    defaultCluster: 'test',
    remindBeforeMs: 15 * 60_000,
  };
  const submission = (text: string, requester: Principal = people.alice) => ({
    text,
    request: parseCommand(text) as ChangeRequest,
    requester,
  });
  return { deps, clock, audit, store, queue, cluster, submission, reloadPolicy };
}
