import type { TargetRef } from '../../core/requests/request-types.ts';
import type { ApiClients } from './api-clients.ts';
import { toClusterError } from './cluster-error.ts';
import type { KubeObject } from './kube-object.ts';
import type { OperationLabel } from './operation-label.ts';
import { resourcePath } from './resource-path.ts';

/**
 * Reads an action's target as plain JSON. A missing object becomes the port's
 * `target_not_found` error, any other failure the port's permanent or transient one.
 */
export async function readTarget(
  clients: ApiClients,
  target: TargetRef,
  label: OperationLabel,
): Promise<KubeObject> {
  try {
    return await clients.rest.call<KubeObject>({ method: 'GET', path: resourcePath(target.kind, target) });
  } catch (error) {
    throw toClusterError(error, label);
  }
}
