import type { Logger } from 'pino';
import type { UserFacingError } from '../../core/errors.ts';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';
import type { AdaptiveCard } from './render/adaptive-card.ts';
import type { FormValues } from './render/form-fields.ts';
import { renderRequestForm } from './render/render-request-form.ts';

/** How long the form waits for the namespace list before offering a text field instead. */
const NAMESPACES_WAIT_MS = 2_000;

/**
 * The `k8s-request` form with its choices filled from the clusters and the policy:
 * the configured clusters, the default cluster's namespaces (a free-text field when
 * the cluster does not answer in time), and the grantable roles; after a refusal, the
 * submitted values and the refusal.
 */
export async function requestForm(
  workflow: WorkflowDeps,
  logger: Logger,
  again?: { readonly values: FormValues; readonly error: UserFacingError },
): Promise<AdaptiveCard> {
  const cluster = workflow.defaultCluster;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => resolve([]), NAMESPACES_WAIT_MS);
  });
  const namespaces = await Promise.race([
    workflow.cluster.listNamespaces(cluster).catch((error: unknown) => {
      logger.warn({ err: error, cluster }, 'cannot list namespaces for the request form');
      return [];
    }),
    timeout,
  ]).finally(() => clearTimeout(timer));
  return renderRequestForm({
    clusters: workflow.cluster.clusterNames(),
    defaultCluster: cluster,
    namespaces,
    grantableRoles: [...workflow.policy().grantableRoles.values()],
    ...(again ? { values: again.values, error: again.error } : {}),
  });
}
