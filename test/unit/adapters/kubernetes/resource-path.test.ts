import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resourcePath } from '../../../../src/adapters/kubernetes/resource-path.ts';
import { kindInfo } from '../../../../src/core/requests/kinds.ts';

describe('resource paths', () => {
  test('core and named groups, namespaced and cluster-scoped, with a subresource', () => {
    assert.equal(
      resourcePath(kindInfo('Pod'), { name: 'web-7f9c', namespace: 'prod' }),
      '/api/v1/namespaces/prod/pods/web-7f9c',
    );
    assert.equal(
      resourcePath(kindInfo('Deployment'), { name: 'api', namespace: 'prod', subresource: 'scale' }),
      '/apis/apps/v1/namespaces/prod/deployments/api/scale',
    );
    assert.equal(
      resourcePath(kindInfo('Node'), { name: 'ip-10-0-1-12', namespace: 'ignored' }),
      '/api/v1/nodes/ip-10-0-1-12',
    );
    assert.equal(
      resourcePath(kindInfo('ReplicaSet'), { namespace: 'prod' }),
      '/apis/apps/v1/namespaces/prod/replicasets',
    );
  });

  test('names are URL-encoded', () => {
    assert.equal(
      resourcePath(kindInfo('ConfigMap'), { name: 'a/b', namespace: 'x' }),
      '/api/v1/namespaces/x/configmaps/a%2Fb',
    );
  });
});
