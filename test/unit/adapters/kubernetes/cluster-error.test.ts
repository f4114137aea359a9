import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiException } from '@kubernetes/client-node';
import { toClusterError } from '../../../../src/adapters/kubernetes/cluster-error.ts';
import { labelOperation } from '../../../../src/adapters/kubernetes/operation-label.ts';
import { UserFacingError } from '../../../../src/core/errors.ts';
import { ClusterPermanentError, ClusterTransientError } from '../../../../src/core/ports/cluster-errors.ts';
import { kindInfo } from '../../../../src/core/requests/kinds.ts';

const label = labelOperation('eu', 'scale', { kind: kindInfo('Deployment'), name: 'api', namespace: 'prod' });
const status = (code: number, reason: string, headers: Record<string, string> = {}) =>
  new ApiException(
    code,
    `HTTP ${code}`,
    JSON.stringify({ kind: 'Status', message: `${reason} says the server`, reason, code }),
    headers,
  );

describe('cluster error mapping', () => {
  test('404 is target_not_found, named and with an example', () => {
    const error = toClusterError(status(404, 'NotFound'), label);
    assert.ok(error instanceof ClusterPermanentError);
    assert.equal(
      error.toUserText(),
      'Deployment api not found in namespace prod on cluster eu.\nExample: kubectl get deployments -n prod --context eu',
    );
  });

  test('403, 400, 422, 401 and AlreadyExists are permanent with their own codes', () => {
    const codes = [
      [403, 'Forbidden', 'cluster_forbidden'],
      [400, 'BadRequest', 'cluster_invalid'],
      [422, 'Invalid', 'cluster_invalid'],
      [401, 'Unauthorized', 'cluster_unauthorized'],
      [409, 'AlreadyExists', 'cluster_conflict'],
      [405, 'MethodNotAllowed', 'cluster_refused'],
    ] as const;
    for (const [code, reason, expected] of codes) {
      const error = toClusterError(status(code, reason), label);
      assert.ok(error instanceof ClusterPermanentError, `${code}`);
      assert.equal(error.code, expected);
      assert.equal(error.status, code);
    }
    assert.equal(
      toClusterError(status(403, 'Forbidden'), label).message,
      'Kubernetes RBAC refused to scale deployment api in namespace prod on cluster eu: Forbidden says the server',
    );
  });

  test('5xx, 429, 408 and write conflicts are transient; Retry-After is kept', () => {
    for (const [code, reason] of [
      [500, 'InternalError'],
      [503, 'ServiceUnavailable'],
      [408, 'Timeout'],
      [409, 'Conflict'],
    ] as const) {
      const error = toClusterError(status(code, reason), label);
      assert.ok(error instanceof ClusterTransientError, `${code}`);
      assert.equal(error.status, code);
    }
    const throttled = toClusterError(status(429, 'TooManyRequests', { 'Retry-After': '12' }), label);
    assert.ok(throttled instanceof ClusterTransientError);
    assert.equal(throttled.retryAfterSeconds, 12);
  });

  test('network failures and timeouts are transient; errors Countersign raised pass through; others stay as they are', () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const mapped = toClusterError(refused, label);
    assert.ok(mapped instanceof ClusterTransientError);
    assert.match(mapped.message, /ECONNREFUSED/);
    assert.ok(
      toClusterError(new DOMException('timed out', 'TimeoutError'), label) instanceof ClusterTransientError,
    );

    const ours = new UserFacingError('unknown_cluster', 'no such cluster');
    assert.equal(toClusterError(ours, label), ours);
    const bug = new RangeError('a programming error');
    assert.equal(toClusterError(bug, label), bug);
  });
});
