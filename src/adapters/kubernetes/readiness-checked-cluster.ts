import type {
  AccessAttributes,
  ClusterPort,
  ExecuteIdentity,
  ExecutionContext,
  ExecutionResult,
  KubernetesSubject,
  Preview,
  TargetSnapshot,
} from '../../core/ports/cluster.ts';
import type { GrantRef, GrantResult, GrantSpec, ManagedBinding } from '../../core/ports/cluster-grants.ts';
import { ClusterPermanentError, ClusterTransientError } from '../../core/ports/cluster-errors.ts';
import type { ActionRequest, TargetRef } from '../../core/requests/request-types.ts';
import type { ClusterRegistry } from './cluster-registry.ts';

/** How long to wait before retrying a call refused by an API server that was not ready. */
const NOT_READY_RETRY_SECONDS = 2;

/** Answers whether a cluster's API server says it is ready (`/readyz`). */
export type ReadinessProbe = (cluster: string) => Promise<boolean>;

/** Asks `/readyz` with Countersign's own credentials; any failure to get a 2xx counts as not ready. */
export function apiServerReadiness(registry: ClusterRegistry): ReadinessProbe {
  return async (cluster) => {
    try {
      await registry
        .get(cluster)
        .clients({ kind: 'countersign' })
        .rest.call({ method: 'GET', path: '/readyz' });
      return true;
    } catch {
      return false;
    }
  };
}

/**
 * A {@link ClusterPort} that tells a starting API server from a refusing one.
 * kube-apiserver serves requests before its RBAC authorizer has loaded every binding
 * and answers 403 (or 401) meanwhile, which would fail an approved request for good
 * when its retry lands in that window (after an upgrade or a restart). On a 401/403
 * this asks `/readyz`; when the server is not ready yet, the refusal becomes a
 * `ClusterTransientError` and the queue retries in a few seconds. A refusal from a
 * ready server stays permanent.
 */
export class ReadinessCheckedCluster implements ClusterPort {
  constructor(
    private readonly inner: ClusterPort,
    private readonly isReady: ReadinessProbe,
  ) {}

  clusterNames(): readonly string[] {
    return this.inner.clusterNames();
  }

  lookupTarget(cluster: string, target: TargetRef): Promise<TargetSnapshot> {
    return this.checked(cluster, () => this.inner.lookupTarget(cluster, target));
  }

  preview(cluster: string, request: ActionRequest, as: ExecuteIdentity): Promise<Preview> {
    return this.checked(cluster, () => this.inner.preview(cluster, request, as));
  }

  execute(
    cluster: string,
    request: ActionRequest,
    as: ExecuteIdentity,
    context: ExecutionContext,
  ): Promise<ExecutionResult> {
    return this.checked(cluster, () => this.inner.execute(cluster, request, as, context));
  }

  createGrant(cluster: string, spec: GrantSpec): Promise<GrantResult> {
    return this.checked(cluster, () => this.inner.createGrant(cluster, spec));
  }

  updateGrantExpiry(cluster: string, ref: GrantRef, expiresAt: number): Promise<void> {
    return this.checked(cluster, () => this.inner.updateGrantExpiry(cluster, ref, expiresAt));
  }

  deleteGrant(cluster: string, ref: GrantRef): Promise<boolean> {
    return this.checked(cluster, () => this.inner.deleteGrant(cluster, ref));
  }

  listManagedBindings(cluster: string): Promise<ManagedBinding[]> {
    return this.checked(cluster, () => this.inner.listManagedBindings(cluster));
  }

  canI(cluster: string, user: KubernetesSubject, attributes: AccessAttributes): Promise<boolean> {
    return this.checked(cluster, () => this.inner.canI(cluster, user, attributes));
  }

  listNamespaces(cluster: string): Promise<string[]> {
    return this.checked(cluster, () => this.inner.listNamespaces(cluster));
  }

  ping(cluster: string): Promise<{ readonly version: string }> {
    return this.inner.ping(cluster);
  }

  private async checked<T>(cluster: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!isRefusal(error) || (await this.isReady(cluster))) throw error;
      throw new ClusterTransientError(`${error.message} (the API server was not ready yet)`, {
        ...(error.status === undefined ? {} : { status: error.status }),
        retryAfterSeconds: NOT_READY_RETRY_SECONDS,
        cause: error,
      });
    }
  }
}

function isRefusal(error: unknown): error is ClusterPermanentError {
  return (
    error instanceof ClusterPermanentError &&
    (error.code === 'cluster_forbidden' || error.code === 'cluster_unauthorized')
  );
}
