import type { AccessAttributes, KubernetesSubject } from '../../core/ports/cluster.ts';
import type { ApiClients } from './api-clients.ts';

/**
 * Asks the API server whether `user` may do `attributes`, with a SubjectAccessReview
 * sent under Countersign's credentials. This is the cluster's own answer (RBAC and
 * any other authorizer), not a guess from reading bindings.
 */
export async function reviewAccess(
  clients: ApiClients,
  user: KubernetesSubject,
  attributes: AccessAttributes,
): Promise<boolean> {
  const review = await clients.authorization.createSubjectAccessReview({
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: user.username,
        groups: [...user.groups],
        resourceAttributes: {
          verb: attributes.verb,
          group: attributes.group ?? '',
          resource: attributes.resource,
          ...(attributes.subresource ? { subresource: attributes.subresource } : {}),
          ...(attributes.namespace ? { namespace: attributes.namespace } : {}),
          ...(attributes.name ? { name: attributes.name } : {}),
        },
      },
    },
  });
  return review.status?.allowed === true;
}
