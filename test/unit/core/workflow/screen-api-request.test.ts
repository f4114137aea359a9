import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RequestRecord } from '../../../../src/core/lifecycle/request-record.ts';
import { ClusterPermanentError, ClusterTransientError } from '../../../../src/core/ports/cluster-errors.ts';
import type { Principal } from '../../../../src/core/ports/identity.ts';
import { findKind } from '../../../../src/core/requests/kinds.ts';
import type { ApiRequest, ApiVerb } from '../../../../src/core/requests/request-types.ts';
import { screenApiRequest } from '../../../../src/core/workflow/screen-api-request.ts';
import { POLICY, workflowFixture } from './workflow-harness.ts';

/** The workflow policy plus a rule that governs only pods labelled `tier: critical` in `dev`. */
const LABEL_POLICY = POLICY.replace(
  '  rules:\n',
  `  rules:
    - name: critical-pods
      match: { namespaces: [dev], labels: { tier: critical } }
      outcome: require-approval
      approval: { approverGroups: [sre-leads] }
`,
);

const kubectlUser: Principal = {
  platform: 'kubectl',
  platformUserId: 'alice',
  username: 'alice',
  groups: [],
};

function podCall(verb: ApiVerb, method: string, namespace: string, name: string): ApiRequest {
  const path = `/api/v1/namespaces/${namespace}/pods/${name}`;
  const kind = findKind('pod');
  assert.ok(kind);
  return {
    type: 'api',
    verb,
    resource: { group: '', version: 'v1', resource: 'pods' },
    kind,
    namespace,
    name,
    cluster: 'test',
    reason: 'run from kubectl through countersign proxy',
    breakGlass: false,
    call: { method, path, bodySha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  };
}

const input = (request: ApiRequest) => ({ request, requester: kubectlUser, text: 'kubectl …' });

describe('screenApiRequest', () => {
  test('a call no rule can match passes without looking its target up or asking for an earlier request', async () => {
    const { deps, cluster } = workflowFixture();
    let asked = 0;
    const screening = await screenApiRequest(deps, input(podCall('get', 'GET', 'dev', 'web')), {
      earlier: () => {
        asked += 1;
        return Promise.resolve(undefined);
      },
    });
    assert.equal(screening.kind, 'pass');
    assert.deepEqual(cluster.calls, [], 'no round trip to the API server for a pass-through');
    assert.equal(asked, 0, 'no store read for a pass-through');
  });

  test('an auto-approved call passes without asking for an earlier request', async () => {
    const { deps } = workflowFixture();
    let asked = 0;
    const screening = await screenApiRequest(deps, input(podCall('delete', 'DELETE', 'staging-web', 'web')), {
      earlier: () => {
        asked += 1;
        return Promise.resolve(undefined);
      },
    });
    assert.equal(screening.kind, 'pass');
    assert.equal(asked, 0);
  });

  test('a call policy wants approved joins the identical request on file and files nothing', async () => {
    const { deps, store } = workflowFixture();
    const first = await screenApiRequest(deps, input(podCall('delete', 'DELETE', 'prod-payments', 'api')));
    assert.equal(first.kind, 'filed');
    const filed = (first as { record: RequestRecord }).record;
    const again = await screenApiRequest(deps, input(podCall('delete', 'DELETE', 'prod-payments', 'api')), {
      earlier: () => Promise.resolve(filed),
    });
    assert.deepEqual(again, { kind: 'earlier', record: filed });
    assert.equal((await store.listOpenByRequester('alice')).length, 1, 'nothing new is filed');
  });

  test('with no earlier request on file, a call policy wants approved is filed', async () => {
    const { deps, store } = workflowFixture();
    const screening = await screenApiRequest(
      deps,
      input(podCall('delete', 'DELETE', 'prod-payments', 'api')),
      {
        earlier: () => Promise.resolve(undefined),
      },
    );
    assert.equal(screening.kind, 'filed');
    assert.equal((await store.listOpenByRequester('alice')).length, 1);
  });

  describe('when the target cannot be read, a rule that matches on labels is not skipped', () => {
    test('a labelled target is governed by the label rule', async () => {
      const { deps, cluster, reloadPolicy } = workflowFixture();
      reloadPolicy(LABEL_POLICY);
      cluster.objects.set('dev/Pod/web', { labels: { tier: 'critical' }, annotations: {} });
      const screening = await screenApiRequest(deps, input(podCall('delete', 'DELETE', 'dev', 'web')));
      assert.equal(screening.kind, 'filed');
    });

    test('a rule that does not select by labels decides without reading the target', async () => {
      const { deps, cluster, reloadPolicy } = workflowFixture();
      reloadPolicy(LABEL_POLICY);
      cluster.lookupTarget = () =>
        Promise.reject(
          new ClusterPermanentError('cluster_forbidden', 'pods "api" is forbidden', { status: 403 }),
        );
      // prod-* wants approval whatever the pod's labels: no lookup, so RBAC on pods does not matter.
      const screening = await screenApiRequest(
        deps,
        input(podCall('delete', 'DELETE', 'prod-payments', 'api')),
      );
      assert.equal(screening.kind, 'filed');
    });

    test('a target that does not exist passes: the API server answers the call itself', async () => {
      const { deps, reloadPolicy } = workflowFixture();
      reloadPolicy(LABEL_POLICY);
      const screening = await screenApiRequest(deps, input(podCall('delete', 'DELETE', 'dev', 'gone')));
      assert.equal(screening.kind, 'pass');
    });

    test('RBAC refusing the lookup refuses the call, naming the target and the cause', async () => {
      const { deps, cluster, reloadPolicy, store } = workflowFixture();
      reloadPolicy(LABEL_POLICY);
      cluster.lookupTarget = () =>
        Promise.reject(
          new ClusterPermanentError('cluster_forbidden', 'pods "web" is forbidden', { status: 403 }),
        );
      await assert.rejects(
        screenApiRequest(deps, input(podCall('delete', 'DELETE', 'dev', 'web'))),
        (error: unknown) =>
          error instanceof ClusterPermanentError &&
          error.code === 'cluster_forbidden' &&
          /cannot read Pod web to check it against policy, so the call is refused: pods "web" is forbidden/.test(
            error.message,
          ),
      );
      assert.equal((await store.listOpenByRequester('alice')).length, 0, 'nothing is filed');
    });

    test('an unreachable API server refuses the call rather than passing it', async () => {
      const { deps, cluster, reloadPolicy } = workflowFixture();
      reloadPolicy(LABEL_POLICY);
      cluster.lookupTarget = () => Promise.reject(new ClusterTransientError('connect ECONNREFUSED'));
      await assert.rejects(
        screenApiRequest(deps, input(podCall('delete', 'DELETE', 'dev', 'web'))),
        ClusterTransientError,
      );
    });
  });
});
