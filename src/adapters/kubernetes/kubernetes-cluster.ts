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
import type { ActionRequest, TargetRef } from '../../core/requests/request-types.ts';
import { reviewAccess } from './access-review.ts';
import { ACTION_HANDLERS } from './action-verbs.ts';
import type { ApiClients } from './api-clients.ts';
import { toClusterError } from './cluster-error.ts';
import type { ClusterRegistry } from './cluster-registry.ts';
import { createGrant } from './grants/create-grant.ts';
import { deleteGrant } from './grants/delete-grant.ts';
import { listManagedBindings } from './grants/managed-bindings.ts';
import { updateGrantExpiry } from './grants/update-grant-expiry.ts';
import { labelOperation, labelOther, type OperationLabel } from './operation-label.ts';
import { readTarget } from './read-target.ts';
import { targetSnapshot } from './target-snapshot.ts';
import type { VerbHandler, VerbInput } from './verbs/verb-handler.ts';

const COUNTERSIGN: ExecuteIdentity = { kind: 'countersign' };

/**
 * The cluster port on real clusters through @kubernetes/client-node. Reads and plans
 * with Countersign's own credentials; writes an action with the identity policy
 * chose (impersonating the requester when `executeAs: requester`); grants, reviews
 * and sweeps always as Countersign. Every failure leaves as the port's permanent or
 * transient error.
 */
export class KubernetesCluster implements ClusterPort {
  constructor(private readonly registry: ClusterRegistry) {}

  clusterNames(): readonly string[] {
    return this.registry.names();
  }

  async lookupTarget(cluster: string, target: TargetRef): Promise<TargetSnapshot> {
    const object = await readTarget(
      this.clients(cluster),
      target,
      labelOperation(cluster, 'look up', target),
    );
    return targetSnapshot(target, object);
  }

  async preview(cluster: string, request: ActionRequest, as: ExecuteIdentity): Promise<Preview> {
    const input = this.input(cluster, request, as);
    return guard(() => handlerFor(request).preview(input), input.label);
  }

  async execute(
    cluster: string,
    request: ActionRequest,
    as: ExecuteIdentity,
    context: ExecutionContext,
  ): Promise<ExecutionResult> {
    const input = this.input(cluster, request, as);
    return guard(() => handlerFor(request).execute(input, context), input.label);
  }

  async createGrant(cluster: string, spec: GrantSpec): Promise<GrantResult> {
    return createGrant(this.clients(cluster), cluster, spec);
  }

  async updateGrantExpiry(cluster: string, ref: GrantRef, expiresAt: number): Promise<void> {
    return updateGrantExpiry(this.clients(cluster), cluster, ref, expiresAt);
  }

  async deleteGrant(cluster: string, ref: GrantRef): Promise<boolean> {
    return deleteGrant(this.clients(cluster), cluster, ref);
  }

  async listManagedBindings(cluster: string): Promise<ManagedBinding[]> {
    return guard(
      () => listManagedBindings(this.clients(cluster)),
      labelOther(cluster, 'list managed bindings', 'bindings'),
    );
  }

  async canI(cluster: string, user: KubernetesSubject, attributes: AccessAttributes): Promise<boolean> {
    const what = `${attributes.verb} ${attributes.resource}`;
    return guard(
      () => reviewAccess(this.clients(cluster), user, attributes),
      labelOther(cluster, `review whether ${user.username} may ${what}`, what, attributes.namespace),
    );
  }

  async listNamespaces(cluster: string): Promise<string[]> {
    return guard(
      async () => {
        const list = await this.clients(cluster).core.listNamespace();
        return list.items
          .map((ns) => ns.metadata?.name ?? '')
          .filter((name) => name !== '')
          .sort();
      },
      labelOther(cluster, 'list namespaces', 'namespaces'),
    );
  }

  async ping(cluster: string): Promise<{ readonly version: string }> {
    return guard(
      async () => ({ version: (await this.clients(cluster).version.getCode()).gitVersion }),
      labelOther(cluster, 'reach the API server', 'API server'),
    );
  }

  private clients(cluster: string, as: ExecuteIdentity = COUNTERSIGN): ApiClients {
    return this.registry.get(cluster).clients(as);
  }

  private input(cluster: string, request: ActionRequest, as: ExecuteIdentity): VerbInput {
    return {
      reader: this.clients(cluster),
      writer: this.clients(cluster, as),
      cluster,
      request,
      label: labelOperation(cluster, request.verb, request.target),
    };
  }
}

function handlerFor(request: ActionRequest): VerbHandler {
  return ACTION_HANDLERS[request.verb];
}

async function guard<T>(run: () => Promise<T>, label: OperationLabel): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toClusterError(error, label);
  }
}
