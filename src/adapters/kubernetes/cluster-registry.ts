import { ConfigInvalidError, UserFacingError } from '../../core/errors.ts';
import { ClusterConnection } from './cluster-connection.ts';
import { loadKubeConfig } from './load-kubeconfig.ts';

/** Which clusters to serve and where their credentials are. */
export interface ClusterSource {
  /** A `KUBECONFIG` value; absent means client-node's defaults (in-cluster inside a pod). */
  readonly kubeconfig?: string;
  /**
   * Cluster names and their kubeconfig contexts; a cluster without a context uses
   * the current one. Absent means every context is a cluster named after it.
   */
  readonly clusters?: readonly { readonly name: string; readonly context?: string }[];
  /** Limit on one API call in ms; see `DEFAULT_REQUEST_TIMEOUT_MS`. */
  readonly requestTimeoutMs?: number;
}

/**
 * The clusters Countersign may act on, by configured name, each with its own
 * kubeconfig context and connection. Built once at start; a context that does not
 * exist is a configuration error then, not a failure at the first request.
 */
export class ClusterRegistry {
  private constructor(private readonly connections: ReadonlyMap<string, ClusterConnection>) {}

  /** Builds the registry from a kubeconfig and an optional name → context map. */
  static load(source: ClusterSource): ClusterRegistry {
    const contexts =
      source.clusters ??
      loadKubeConfig(source.kubeconfig)
        .getContexts()
        .map((c) => ({ name: c.name, context: c.name }));
    if (contexts.length === 0) {
      throw new ConfigInvalidError([
        {
          variable: 'KUBECONFIG',
          message: 'the kubeconfig has no contexts, so there is no cluster to act on',
        },
      ]);
    }
    const connections = new Map<string, ClusterConnection>();
    for (const { name, context } of contexts) {
      const kubeConfig = loadKubeConfig(source.kubeconfig);
      if (context !== undefined) {
        if (!kubeConfig.getContextObject(context)) {
          const known =
            kubeConfig
              .getContexts()
              .map((c) => c.name)
              .join(', ') || 'none';
          throw new ConfigInvalidError([
            {
              variable: 'COUNTERSIGN_CLUSTERS',
              message: `cluster "${name}" names context "${context}", which the kubeconfig lacks (contexts: ${known})`,
            },
          ]);
        }
        kubeConfig.setCurrentContext(context);
      }
      if (!kubeConfig.getCurrentCluster()) {
        throw new ConfigInvalidError([
          {
            variable: 'KUBECONFIG',
            message: `cluster "${name}" has no server: its context names no cluster`,
          },
        ]);
      }
      connections.set(name, new ClusterConnection(name, kubeConfig, source.requestTimeoutMs));
    }
    return new ClusterRegistry(connections);
  }

  /** Configured cluster names, in configuration order. */
  names(): string[] {
    return [...this.connections.keys()];
  }

  /** The connection of a configured cluster; an unknown name is a `UserFacingError` (`unknown_cluster`). */
  get(name: string): ClusterConnection {
    const connection = this.connections.get(name);
    if (connection) return connection;
    const names = this.names();
    throw new UserFacingError(
      'unknown_cluster',
      `There is no cluster named "${name}". Known clusters: ${names.join(', ')}.`,
      `--cluster ${names[0] ?? 'NAME'}`,
    );
  }
}
