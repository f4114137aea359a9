import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { composeWorkflow, type ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import { sweepGrants } from '../../../src/core/workflow/sweep-grants.ts';
import { freePorts } from '../../harness/free-port.ts';
import { auditOf, CLUSTER, startReliabilityFixture, type ReliabilityFixture } from './reliability-fixture.ts';

let fixture: ReliabilityFixture;
let composed: ComposedWorkflow;

interface Kubeconfig {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  users: { name: string }[];
}

before(async () => {
  fixture = await startReliabilityFixture();
  // Countersign's kubeconfig plus a second cluster, `west`, at a loopback port nothing listens on.
  const [closed] = await freePorts(1);
  const kubeconfig = parse(readFileSync(fixture.cp.kubeconfigFor('countersign'), 'utf8')) as Kubeconfig;
  const user = kubeconfig.contexts[0]!.context.user;
  kubeconfig.clusters.push({ name: 'west', cluster: { server: `https://127.0.0.1:${closed}` } });
  kubeconfig.contexts.push({ name: 'west', context: { cluster: 'west', user } });
  const path = join(fixture.cp.kubeconfigPath, '..', 'two-clusters.kubeconfig');
  writeFileSync(path, stringify(kubeconfig), { mode: 0o600 });
  const { policyFile } = fixture.processConfig();
  composed = composeWorkflow(
    {
      redis: { url: fixture.redis.url, keyPrefix: fixture.keyPrefix },
      kubernetes: {
        kubeconfig: path,
        clusters: [
          { name: CLUSTER, context: 'countersign' },
          { name: 'west', context: 'west' },
        ],
        defaultCluster: CLUSTER,
      },
      policyFile,
      tuning: { remindBeforeMs: 60_000 },
    },
    fixture.logger,
    { watchPolicy: false },
  );
  fixture.onStop(() => composed.close());
});

after(() => fixture?.stop());

test('on the real API server, with a second cluster unreachable: the expired orphan binding goes, the one with a future expiry stays, west is named', async () => {
  const { namespace } = fixture;
  const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
  await fixture.cp.kubectl(
    ['apply', '-f', '-'],
    'admin',
    [
      orphanBinding(namespace, 'cs-orphanpast', '2020-01-01T00:00:00Z'),
      orphanBinding(namespace, 'cs-orphanfutr', inAnHour),
    ].join('---\n'),
  );

  const report = await sweepGrants(composed.deps);

  assert.equal(report.removedBindings, 1);
  assert.equal(report.endedGrants, 0);
  assert.deepEqual(
    report.unreachableClusters.map((u) => u.cluster),
    ['west'],
  );
  assert.match(report.unreachableClusters[0]!.error, /ECONNREFUSED|connect|west/i);
  // An independent read, as the admin, by label: only the binding whose expiry is to come is left.
  const left = await fixture.cp.kubectl([
    'get',
    'rolebindings',
    '-n',
    namespace,
    '-l',
    'app.kubernetes.io/managed-by=countersign',
    '-o',
    'jsonpath={.items[*].metadata.name}',
  ]);
  assert.equal(left.trim(), 'countersign-cs-orphanfutr');
  assert.deepEqual(
    (await auditOf(composed.deps, 'cs-orphanpast')).map((e) => e.type),
    ['swept'],
  );
  assert.deepEqual(await auditOf(composed.deps, 'cs-orphanfutr'), []);
});

function orphanBinding(namespace: string, requestId: string, expiresAt: string): string {
  return `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: countersign-${requestId}
  namespace: ${namespace}
  labels: { app.kubernetes.io/managed-by: countersign, countersign.io/request-id: ${requestId} }
  annotations: { countersign.io/expires-at: '${expiresAt}' }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: mallory }]
`;
}
