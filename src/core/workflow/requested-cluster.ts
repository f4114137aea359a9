import { UserFacingError } from '../errors.ts';
import type { ChangeRequest } from '../requests/request-types.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/**
 * The cluster a request names (or the default one), checked against the configured
 * clusters; an unknown name is a `UserFacingError` listing the known ones. Filing and
 * `explain` both start here, so they refuse the same input the same way.
 */
export function requestedCluster(deps: WorkflowDeps, request: ChangeRequest): string {
  const cluster = request.cluster ?? deps.defaultCluster;
  const known = deps.cluster.clusterNames();
  if (!known.includes(cluster)) {
    throw new UserFacingError(
      'unknown_cluster',
      `There is no cluster named "${cluster}". Known clusters: ${known.join(', ')}.`,
      `--cluster ${known[0] ?? 'prod'}`,
    );
  }
  return cluster;
}
