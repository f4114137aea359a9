import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UserFacingError } from '../../../../src/core/errors.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import { grantAccess } from '../../../../src/core/workflow/grant-access.ts';
import { runAction } from '../../../../src/core/workflow/run-action.ts';
import { submitRequest } from '../../../../src/core/workflow/submit-request.ts';
import type { WorkflowDeps } from '../../../../src/core/workflow/workflow-deps.ts';
import { workflowFixture } from './workflow-harness.ts';

// A policy as broad as the review's example: everything, everywhere, auto-approved.
const EVERYTHING = loadPolicy(
  `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: everything }
spec:
  grantableRoles:
    - { name: edit, kind: ClusterRole, maxDuration: 8h }
  rules:
    - name: anything-goes
      match: { namespaces: ['*'] }
      outcome: auto-approve
`,
  'everything',
);

function broadFixture(reservedNamespaces?: readonly string[]) {
  const fixture = workflowFixture();
  for (const ns of ['countersign', 'kube-system', 'ops']) {
    fixture.cluster.objects.set(`${ns}/Pod/runner`, { labels: {}, annotations: {} });
  }
  const deps: WorkflowDeps = {
    ...fixture.deps,
    policy: () => EVERYTHING,
    ...(reservedNamespaces ? { reservedNamespaces } : {}),
  };
  return { ...fixture, deps };
}

function reserved(namespace: string) {
  return (error: unknown) => {
    assert.ok(error instanceof UserFacingError);
    assert.equal(error.code, 'reserved_namespace');
    assert.match(
      error.message,
      new RegExp(`namespace ${namespace}: it is reserved .*whatever the policy says`),
    );
    return true;
  };
}

describe('reserved namespaces: never a target, whatever the policy says', () => {
  test("actions and grants in Countersign's own namespace or kube-system are refused at filing", async () => {
    const { deps, store, cluster, submission } = broadFixture();
    for (const [text, namespace] of [
      ['delete pod/runner -n countersign --reason x', 'countersign'],
      ['delete pod/runner -n kube-system --reason x', 'kube-system'],
      ['access role/edit -n countersign --for 1h --reason x', 'countersign'],
      ['access role/edit -n kube-system --for 1h --reason x', 'kube-system'],
    ] as const) {
      await assert.rejects(submitRequest(deps, submission(text)), reserved(namespace), text);
    }
    assert.equal(store.records.size, 0);
    assert.deepEqual(cluster.calls, [], 'nothing was looked up or previewed');

    const allowed = await submitRequest(deps, submission('access role/edit -n ops --for 1h --reason x'));
    assert.equal(allowed.state, 'approved');
  });

  test('the list is configurable', async () => {
    const { deps, submission } = broadFixture(['ops']);
    await assert.rejects(
      submitRequest(deps, submission('delete pod/runner -n ops --reason x')),
      reserved('ops'),
    );
    const filed = await submitRequest(deps, submission('delete pod/runner -n countersign --reason x'));
    assert.equal(filed.state, 'approved');
  });

  test('a request filed before its namespace became reserved fails instead of running', async () => {
    const { deps, cluster, submission } = broadFixture(['countersign']);
    const action = await submitRequest(deps, submission('delete pod/runner -n ops --reason x'));
    const grant = await submitRequest(deps, submission('access role/edit -n ops --for 1h --reason x'));
    const now: WorkflowDeps = { ...deps, reservedNamespaces: ['ops'] };
    assert.equal(await runAction(now, action.id), 'done');
    assert.equal(await grantAccess(now, grant.id), 'done');
    for (const id of [action.id, grant.id]) {
      const record = await deps.store.get(id);
      assert.equal(record?.state, 'failed');
      assert.match(record?.execution?.error ?? '', /namespace ops: it is reserved/);
    }
    assert.equal(
      cluster.calls.filter((c) => c.startsWith('execute') || c.startsWith('createGrant')).length,
      0,
    );
  });
});
