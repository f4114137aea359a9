import { CountersignError } from '../core/errors.ts';
import { clusterCallError, type ClusterCall, type ClusterCallReply } from '../core/ports/cluster-call.ts';
import type {
  AccessAttributes,
  ClusterPort,
  ExecuteIdentity,
  ExecutionResult,
  KubernetesSubject,
  Preview,
  TargetSnapshot,
} from '../core/ports/cluster.ts';
import type { GrantRef, GrantResult, ManagedBinding } from '../core/ports/cluster-grants.ts';
import type { ActionRequest, TargetRef } from '../core/requests/request-types.ts';

/** Sends one {@link ClusterCall} to a worker and resolves with its reply. */
export type ClusterCaller = (call: ClusterCall) => Promise<ClusterCallReply>;

/**
 * The {@link ClusterPort} of a `serve`-only process, which runs with a ServiceAccount
 * that may read targets and ask SubjectAccessReviews but holds no `impersonate`, no
 * `bind` and no write: reads go to the cluster directly; a preview (a dry run, as the
 * requester where policy says so) and the grant writes `extend` and `revoke` make
 * (moving a binding's expiry, deleting it) are made by a worker through `call`, with
 * the same results and the same errors as if made here. Executing actions, creating
 * grants and listing managed bindings belong to jobs, which only workers run; here
 * they throw.
 */
export class WorkerDelegatedCluster implements ClusterPort {
  private readonly direct: ClusterPort;
  private readonly call: ClusterCaller;

  constructor(direct: ClusterPort, call: ClusterCaller) {
    this.direct = direct;
    this.call = call;
  }

  clusterNames(): readonly string[] {
    return this.direct.clusterNames();
  }

  lookupTarget(cluster: string, target: TargetRef): Promise<TargetSnapshot> {
    return this.direct.lookupTarget(cluster, target);
  }

  async preview(cluster: string, request: ActionRequest, as: ExecuteIdentity): Promise<Preview> {
    const value = await this.delegate({ op: 'preview', cluster, request, as });
    if (value === null || typeof value === 'boolean')
      throw new CountersignError('cluster_call_failed', 'the worker sent no preview');
    return value;
  }

  execute(): Promise<ExecutionResult> {
    return Promise.reject(workerOnly('execute'));
  }

  createGrant(): Promise<GrantResult> {
    return Promise.reject(workerOnly('createGrant'));
  }

  async updateGrantExpiry(cluster: string, ref: GrantRef, expiresAt: number): Promise<void> {
    await this.delegate({ op: 'update-grant-expiry', cluster, ref, expiresAt });
  }

  async deleteGrant(cluster: string, ref: GrantRef): Promise<boolean> {
    return (await this.delegate({ op: 'delete-grant', cluster, ref })) === true;
  }

  listManagedBindings(): Promise<ManagedBinding[]> {
    return Promise.reject(workerOnly('listManagedBindings'));
  }

  canI(cluster: string, user: KubernetesSubject, attributes: AccessAttributes): Promise<boolean> {
    return this.direct.canI(cluster, user, attributes);
  }

  listNamespaces(cluster: string): Promise<string[]> {
    return this.direct.listNamespaces(cluster);
  }

  ping(cluster: string): Promise<{ readonly version: string }> {
    return this.direct.ping(cluster);
  }

  private async delegate(call: ClusterCall): Promise<Preview | boolean | null> {
    const reply = await this.call(call);
    if (!reply.ok) throw clusterCallError(reply.failure);
    return reply.value;
  }
}

function workerOnly(method: string): CountersignError {
  return new CountersignError('worker_only', `${method} runs only in a countersign worker, never in serve`);
}
