import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { classifyApiCall, commandText } from '../../../../src/adapters/kube-proxy/classify-api-call.ts';
import type { ApiCall } from '../../../../src/adapters/kube-proxy/proxy-gate.ts';

const call = (method: string, path: string, body?: unknown, contentType?: string): ApiCall => ({
  cluster: 'prod',
  method,
  path,
  headers: contentType ? { 'content-type': contentType } : {},
  ...(body !== undefined
    ? { body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)) }
    : {}),
  upgrade: false,
});

const SMP = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const APPLY = 'application/apply-patch+yaml';
const DELETE_OPTIONS = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' };
const RESTARTED = {
  spec: {
    template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-12-05T08:00:00Z' } } },
  },
};

interface Row {
  readonly what: string;
  readonly call: ApiCall;
  readonly verb: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly kind?: string;
  readonly replicas?: number;
}

/** What kubectl really sends for each command, and what policy must see. */
const ROWS: readonly Row[] = [
  {
    what: 'kubectl delete pod web',
    call: call('DELETE', '/api/v1/namespaces/prod/pods/web', DELETE_OPTIONS, 'application/json'),
    verb: 'delete',
    resource: 'pods',
    namespace: 'prod',
    name: 'web',
    kind: 'Pod',
  },
  {
    what: 'kubectl delete deploy api',
    call: call('DELETE', '/apis/apps/v1/namespaces/prod/deployments/api', DELETE_OPTIONS, 'application/json'),
    verb: 'delete',
    resource: 'deployments',
    namespace: 'prod',
    name: 'api',
    kind: 'Deployment',
  },
  {
    what: 'kubectl delete namespace prod',
    call: call('DELETE', '/api/v1/namespaces/prod', DELETE_OPTIONS, 'application/json'),
    verb: 'delete',
    resource: 'namespaces',
    name: 'prod',
    kind: 'Namespace',
  },
  {
    what: 'deletecollection (client-go DeleteCollection)',
    call: call(
      'DELETE',
      '/api/v1/namespaces/prod/pods?labelSelector=app%3Dweb',
      DELETE_OPTIONS,
      'application/json',
    ),
    verb: 'deletecollection',
    resource: 'pods',
    namespace: 'prod',
  },
  {
    what: 'kubectl drain: one eviction per pod',
    call: call(
      'POST',
      '/api/v1/namespaces/prod/pods/web/eviction',
      { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web', namespace: 'prod' } },
      'application/json',
    ),
    verb: 'evict',
    resource: 'pods',
    subresource: 'eviction',
    namespace: 'prod',
    name: 'web',
  },
  {
    what: 'kubectl scale (merge patch of /scale)',
    call: call(
      'PATCH',
      '/apis/apps/v1/namespaces/prod/deployments/api/scale',
      { spec: { replicas: 5 } },
      MERGE,
    ),
    verb: 'scale',
    resource: 'deployments',
    subresource: 'scale',
    namespace: 'prod',
    name: 'api',
    replicas: 5,
  },
  {
    what: 'PUT of /scale',
    call: call(
      'PUT',
      '/apis/apps/v1/namespaces/prod/statefulsets/ledger/scale',
      { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'ledger' }, spec: { replicas: 0 } },
      'application/json',
    ),
    verb: 'scale',
    resource: 'statefulsets',
    subresource: 'scale',
    namespace: 'prod',
    name: 'ledger',
    replicas: 0,
  },
  {
    what: 'kubectl rollout restart (strategic merge restartedAt)',
    call: call(
      'PATCH',
      '/apis/apps/v1/namespaces/prod/deployments/api?fieldManager=kubectl-rollout',
      RESTARTED,
      SMP,
    ),
    verb: 'restart',
    resource: 'deployments',
    namespace: 'prod',
    name: 'api',
  },
  {
    what: 'rollout restart of a daemonset',
    call: call('PATCH', '/apis/apps/v1/namespaces/prod/daemonsets/agent', RESTARTED, SMP),
    verb: 'restart',
    resource: 'daemonsets',
    namespace: 'prod',
    name: 'agent',
  },
  {
    what: 'restartedAt by JSON patch',
    call: call(
      'PATCH',
      '/apis/apps/v1/namespaces/prod/statefulsets/ledger',
      [
        {
          op: 'add',
          path: '/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt',
          value: 'now',
        },
      ],
      JSON_PATCH,
    ),
    verb: 'restart',
    resource: 'statefulsets',
    namespace: 'prod',
    name: 'ledger',
  },
  {
    what: 'kubectl cordon',
    call: call('PATCH', '/api/v1/nodes/ip-10-0-1-12', { spec: { unschedulable: true } }, SMP),
    verb: 'cordon',
    resource: 'nodes',
    name: 'ip-10-0-1-12',
    kind: 'Node',
  },
  {
    what: 'kubectl uncordon (unschedulable: null)',
    call: call('PATCH', '/api/v1/nodes/ip-10-0-1-12', { spec: { unschedulable: null } }, SMP),
    verb: 'uncordon',
    resource: 'nodes',
    name: 'ip-10-0-1-12',
  },
  {
    what: 'cordon by JSON patch',
    call: call(
      'PATCH',
      '/api/v1/nodes/ip-10-0-1-12',
      [{ op: 'replace', path: '/spec/unschedulable', value: true }],
      JSON_PATCH,
    ),
    verb: 'cordon',
    resource: 'nodes',
    name: 'ip-10-0-1-12',
  },
  {
    what: 'cordon by merge patch',
    call: call('PATCH', '/api/v1/nodes/ip-10-0-1-12', { spec: { unschedulable: true } }, MERGE),
    verb: 'cordon',
    resource: 'nodes',
    name: 'ip-10-0-1-12',
  },
  {
    what: 'kubectl patch (strategic merge)',
    call: call(
      'PATCH',
      '/apis/apps/v1/namespaces/prod/deployments/api',
      { spec: { template: { spec: { containers: [{ name: 'api', image: 'api:2' }] } } } },
      SMP,
    ),
    verb: 'patch',
    resource: 'deployments',
    namespace: 'prod',
    name: 'api',
  },
  {
    what: 'kubectl patch --type merge',
    call: call('PATCH', '/api/v1/namespaces/prod/configmaps/flags', { data: { sale: 'on' } }, MERGE),
    verb: 'patch',
    resource: 'configmaps',
    namespace: 'prod',
    name: 'flags',
    kind: 'ConfigMap',
  },
  {
    what: 'kubectl patch --type json',
    call: call(
      'PATCH',
      '/apis/networking.k8s.io/v1/namespaces/prod/networkpolicies/deny-all',
      [{ op: 'remove', path: '/spec/ingress' }],
      JSON_PATCH,
    ),
    verb: 'patch',
    resource: 'networkpolicies',
    namespace: 'prod',
    name: 'deny-all',
  },
  {
    what: 'a patch of a subresource (status) is a patch',
    call: call('PATCH', '/apis/apps/v1/namespaces/prod/deployments/api/status', { status: {} }, MERGE),
    verb: 'patch',
    resource: 'deployments',
    subresource: 'status',
    namespace: 'prod',
    name: 'api',
  },
  {
    what: 'kubectl apply --server-side',
    call: call(
      'PATCH',
      '/apis/apps/v1/namespaces/prod/deployments/api?fieldManager=kubectl&force=false',
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' } },
      APPLY,
    ),
    verb: 'apply',
    resource: 'deployments',
    namespace: 'prod',
    name: 'api',
  },
  {
    what: 'server-side apply with a charset',
    call: call(
      'PATCH',
      '/api/v1/namespaces/prod/secrets/db-creds',
      '{}',
      'application/apply-patch+yaml; charset=utf-8',
    ),
    verb: 'apply',
    resource: 'secrets',
    namespace: 'prod',
    name: 'db-creds',
    kind: 'Secret',
  },
  {
    what: 'kubectl replace (PUT)',
    call: call(
      'PUT',
      '/apis/apps/v1/namespaces/prod/deployments/api',
      { apiVersion: 'apps/v1', kind: 'Deployment' },
      'application/json',
    ),
    verb: 'update',
    resource: 'deployments',
    namespace: 'prod',
    name: 'api',
  },
  {
    what: 'kubectl create',
    call: call(
      'POST',
      '/api/v1/namespaces/prod/pods?fieldManager=kubectl-create',
      { kind: 'Pod' },
      'application/json',
    ),
    verb: 'create',
    resource: 'pods',
    namespace: 'prod',
  },
  {
    what: 'kubectl exec over WebSocket (GET)',
    call: call('GET', '/api/v1/namespaces/prod/pods/web/exec?command=sh&stdin=true&stdout=true&tty=true'),
    verb: 'exec',
    resource: 'pods',
    subresource: 'exec',
    namespace: 'prod',
    name: 'web',
  },
  {
    what: 'kubectl exec over SPDY (POST)',
    call: call('POST', '/api/v1/namespaces/prod/pods/web/exec?command=date&stdout=true'),
    verb: 'exec',
    resource: 'pods',
    subresource: 'exec',
    namespace: 'prod',
    name: 'web',
  },
  {
    what: 'kubectl attach (GET)',
    call: call('GET', '/api/v1/namespaces/prod/pods/web/attach?stdout=true'),
    verb: 'attach',
    resource: 'pods',
    subresource: 'attach',
    namespace: 'prod',
    name: 'web',
  },
  {
    what: 'kubectl attach (POST)',
    call: call('POST', '/api/v1/namespaces/prod/pods/web/attach?stdin=true'),
    verb: 'attach',
    resource: 'pods',
    subresource: 'attach',
    namespace: 'prod',
    name: 'web',
  },
  {
    what: 'kubectl port-forward (GET)',
    call: call('GET', '/api/v1/namespaces/prod/pods/web/portforward?ports=8080'),
    verb: 'portforward',
    resource: 'pods',
    subresource: 'portforward',
    namespace: 'prod',
    name: 'web',
  },
  {
    what: 'kubectl port-forward (POST)',
    call: call('POST', '/api/v1/namespaces/prod/pods/web/portforward'),
    verb: 'portforward',
    resource: 'pods',
    subresource: 'portforward',
    namespace: 'prod',
    name: 'web',
  },
  {
    what: 'kubectl get secret db-creds',
    call: call('GET', '/api/v1/namespaces/prod/secrets/db-creds'),
    verb: 'get',
    resource: 'secrets',
    namespace: 'prod',
    name: 'db-creds',
    kind: 'Secret',
  },
  {
    what: 'kubectl get secrets',
    call: call('GET', '/api/v1/namespaces/prod/secrets?limit=500'),
    verb: 'list',
    resource: 'secrets',
    namespace: 'prod',
    kind: 'Secret',
  },
  {
    what: 'kubectl get secrets --watch',
    call: call('GET', '/api/v1/namespaces/prod/secrets?watch=true&resourceVersion=10'),
    verb: 'watch',
    resource: 'secrets',
    namespace: 'prod',
    kind: 'Secret',
  },
  {
    what: 'a watch by the old /watch/ prefix',
    call: call('GET', '/api/v1/watch/namespaces/prod/secrets/db-creds'),
    verb: 'watch',
    resource: 'secrets',
    namespace: 'prod',
    name: 'db-creds',
  },
  {
    what: 'kubectl get secrets -A',
    call: call('GET', '/api/v1/secrets?limit=500'),
    verb: 'list',
    resource: 'secrets',
    kind: 'Secret',
  },
  {
    what: 'kubectl logs -f',
    call: call('GET', '/api/v1/namespaces/prod/pods/web/log?follow=true'),
    verb: 'get',
    resource: 'pods',
    subresource: 'log',
    namespace: 'prod',
    name: 'web',
  },
];

describe('classifyApiCall: every request shape kubectl sends', () => {
  for (const row of ROWS) {
    test(`${row.what} → ${row.verb}`, () => {
      const classified = classifyApiCall(row.call);
      assert.ok(classified, 'not classified');
      const { request } = classified;
      assert.equal(request.verb, row.verb);
      assert.equal(request.resource.resource, row.resource);
      assert.equal(request.resource.subresource, row.subresource);
      assert.equal(request.namespace, row.namespace);
      assert.equal(request.name, row.name);
      if (row.kind) assert.equal(request.kind?.kind, row.kind);
      assert.equal(request.replicas, row.replicas);
      assert.equal(request.cluster, 'prod');
      assert.equal(classified.dryRun, false);
      // The exact call is kept, so the card shows it and a re-run can be matched.
      assert.equal(request.call.method, row.call.method);
      assert.equal(request.call.path, row.call.path);
      assert.equal(
        request.call.bodySha256,
        createHash('sha256')
          .update(row.call.body ?? Buffer.alloc(0))
          .digest('hex'),
      );
      assert.equal(request.call.body, row.call.body?.toString('utf8'));
      assert.equal(request.call.contentType, row.call.headers['content-type']);
    });
  }

  test('discovery and other non-resource paths are not classified (they pass)', () => {
    for (const path of ['/version', '/api', '/apis', '/api/v1', '/apis/apps/v1', '/openapi/v3', '/healthz']) {
      assert.equal(classifyApiCall(call('GET', path)), undefined, path);
    }
  });

  test('dry runs are recognised in the query (--dry-run=server) and in a delete body (DeleteOptions)', () => {
    const patched = classifyApiCall(
      call(
        'PATCH',
        '/apis/apps/v1/namespaces/prod/deployments/api?dryRun=All&fieldManager=kubectl',
        RESTARTED,
        SMP,
      ),
    );
    assert.equal(patched?.dryRun, true);
    assert.equal(patched?.request.verb, 'restart');
    const deleted = classifyApiCall(
      call(
        'DELETE',
        '/api/v1/namespaces/prod/pods/web',
        { ...DELETE_OPTIONS, dryRun: ['All'] },
        'application/json',
      ),
    );
    assert.equal(deleted?.dryRun, true);
    const notDry = classifyApiCall(
      call(
        'DELETE',
        '/api/v1/namespaces/prod/pods/web',
        { ...DELETE_OPTIONS, dryRun: [] },
        'application/json',
      ),
    );
    assert.equal(notDry?.dryRun, false);
  });

  test('the command text names verb, target, namespace and the exact call', () => {
    const request = classifyApiCall(ROWS[0]!.call)!.request;
    assert.equal(
      commandText(request),
      'kubectl delete pods web -n prod (DELETE /api/v1/namespaces/prod/pods/web)',
    );
  });
});

describe('classifyApiCall: the body as stored for the card', () => {
  test('keeps the byte count, and marks a body whose bytes are not UTF-8 (its text is not what is forwarded)', () => {
    const text = classifyApiCall(call('POST', '/api/v1/namespaces/prod/configmaps', { data: { k: 'é' } }));
    assert.equal(text?.request.call.bodyBytes, 19, '18 characters, é takes 2 bytes');
    assert.equal(text?.request.call.bodyNotUtf8, undefined);
    const raw = {
      ...call('POST', '/api/v1/namespaces/prod/configmaps'),
      body: Buffer.from([0x7b, 0xff, 0x7d]),
    };
    const binary = classifyApiCall(raw);
    assert.equal(binary?.request.call.bodyBytes, 3);
    assert.equal(binary?.request.call.bodyNotUtf8, true);
  });
});
