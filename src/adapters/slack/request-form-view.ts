import type { types } from '@slack/bolt';
import type { Logger } from 'pino';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';
import { renderRequestForm } from './render/render-request-form.ts';

/** How long the form waits for the namespace list; a modal must open within Slack's 3 s trigger window. */
const NAMESPACES_WAIT_MS = 1_200;

/**
 * The `/k8s-request` modal with its choices filled from the clusters and the policy:
 * the configured clusters, the default cluster's namespaces (a free-text field when
 * the cluster does not answer in time), and the grantable roles. `channel` is where
 * the command was typed, so the confirmation can be shown there.
 */
export async function requestFormView(
  workflow: WorkflowDeps,
  logger: Logger,
  kind: 'action' | 'access',
  channel: string | undefined,
): Promise<types.ModalView> {
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
    kind,
    ...(channel ? { privateMetadata: channel } : {}),
  });
}
