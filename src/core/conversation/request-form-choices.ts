import type { GrantableRole } from '../policy/policy.ts';
import type { Log } from '../ports/log.ts';
import type { ConversationDeps } from './conversation-deps.ts';

/** What the request form offers on every surface: the clusters, one cluster's namespaces, the grantable roles. */
export interface RequestFormChoices {
  readonly clusters: readonly string[];
  readonly defaultCluster?: string;
  /** The default cluster's namespaces; empty when it did not answer in time (the form then takes typed text). */
  readonly namespaces: readonly string[];
  /** Policy's grantable roles; each scope becomes one choice (`role/NAME`, `clusterrole/NAME`). */
  readonly grantableRoles: readonly Pick<GrantableRole, 'name' | 'scopes'>[];
}

/**
 * The request form's choices from the clusters and the policy: the configured
 * clusters, the default cluster's namespaces, and the grantable roles. The namespace
 * list is waited for at most `namespacesWaitMs` (a surface that must answer within a
 * deadline says how long it can spare); a cluster that fails or is late gives none.
 */
export async function requestFormChoices(
  { workflow }: ConversationDeps,
  log: Log,
  namespacesWaitMs: number,
): Promise<RequestFormChoices> {
  const cluster = workflow.defaultCluster;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => resolve([]), namespacesWaitMs);
  });
  const namespaces = await Promise.race([
    workflow.cluster.listNamespaces(cluster).catch((error: unknown) => {
      log.warn({ err: error, cluster }, 'cannot list namespaces for the request form');
      return [];
    }),
    timeout,
  ]).finally(() => clearTimeout(timer));
  return {
    clusters: workflow.cluster.clusterNames(),
    defaultCluster: cluster,
    namespaces,
    grantableRoles: [...workflow.policy().grantableRoles.values()],
  };
}

/** One choice of a form drop-down: what the reader sees, and the value the grammar reads. */
export interface FormChoice {
  readonly title: string;
  readonly value: string;
}

/** The form's first question, what the person needs: an action run, or temporary access. */
export const REQUEST_KIND_CHOICES: readonly [FormChoice, FormChoice] = [
  { title: 'Run an action (delete, scale, restart, …)', value: 'action' },
  { title: 'Get temporary access', value: 'access' },
];

/** Each grantable role's scopes as form choices: `view (cluster-wide)` → `clusterrole/view`, `view (in a namespace)` → `role/view`. */
export function grantableRoleChoices(roles: RequestFormChoices['grantableRoles']): FormChoice[] {
  return roles.flatMap((role) =>
    role.scopes.map((scope) =>
      scope === 'cluster'
        ? { title: `${role.name} (cluster-wide)`, value: `clusterrole/${role.name}` }
        : { title: `${role.name} (in a namespace)`, value: `role/${role.name}` },
    ),
  );
}
