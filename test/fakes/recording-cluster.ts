import type { FieldChange } from '../../src/core/changes/field-change.ts';
import type {
  AccessAttributes,
  ClusterPort,
  ExecuteIdentity,
  ExecutionContext,
  ExecutionResult,
  Preview,
  TargetSnapshot,
} from '../../src/core/ports/cluster.ts';
import type {
  GrantRef,
  GrantResult,
  GrantSpec,
  ManagedBinding,
} from '../../src/core/ports/cluster-grants.ts';
import { ClusterPermanentError } from '../../src/core/ports/cluster-errors.ts';
import type { ActionRequest, TargetRef } from '../../src/core/requests/request-types.ts';

/**
 * A ClusterPort for fast core tests: objects and bindings in Maps, every call
 * recorded. Adapter behaviour is proven against the real kube-apiserver in
 * test/integration/kubernetes; this only lets the workflow be tested without one.
 */
export class RecordingCluster implements ClusterPort {
  readonly calls: string[] = [];
  readonly objects = new Map<
    string,
    { labels: Record<string, string>; annotations: Record<string, string> }
  >();
  readonly bindings = new Map<string, ManagedBinding>();
  /** When set, execute() throws it once and clears it. */
  failNextExecute: Error | undefined;
  /** What a patch's dry run reports as changed fields (the real adapter asks the API server). */
  patchChanges: readonly FieldChange[] | undefined;

  clusterNames(): readonly string[] {
    return ['test'];
  }

  lookupTarget(cluster: string, target: TargetRef): Promise<TargetSnapshot> {
    this.calls.push(`lookup ${target.kind.kind}/${target.name}`);
    const found = this.objects.get(`${target.namespace ?? ''}/${target.kind.kind}/${target.name}`);
    if (!found) {
      return Promise.reject(
        new ClusterPermanentError(
          'target_not_found',
          `${target.kind.kind} ${target.name} not found on ${cluster}`,
        ),
      );
    }
    return Promise.resolve({ target, uid: 'uid', resourceVersion: '1', ownerReferences: [], ...found });
  }

  preview(_cluster: string, request: ActionRequest, as: ExecuteIdentity): Promise<Preview> {
    this.calls.push(`preview ${request.verb} as ${as.kind}`);
    const summary = `${request.verb} ${request.target.name}`;
    // A rollback card names its revisions: the fake's Deployments are all at revision 3.
    if (request.verb === 'rollback') {
      const to = request.toRevision ?? 2;
      return Promise.resolve({ summary, details: [], dryRun: true, rollback: { from: 3, to } });
    }
    if (request.verb === 'patch' && this.patchChanges) {
      return Promise.resolve({ summary, details: [], dryRun: true, changes: this.patchChanges });
    }
    return Promise.resolve({ summary, details: [], dryRun: true });
  }

  execute(
    _cluster: string,
    request: ActionRequest,
    as: ExecuteIdentity,
    context: ExecutionContext,
  ): Promise<ExecutionResult> {
    this.calls.push(
      `execute ${request.verb} ${request.target.name} as ${as.kind} for ${context.requestId} uid ${context.targetUid ?? '-'}` +
        (context.rollback ? ` revision ${context.rollback.from ?? '-'} → ${context.rollback.to}` : ''),
    );
    const failure = this.failNextExecute;
    this.failNextExecute = undefined;
    if (failure) return Promise.reject(failure);
    return Promise.resolve({
      summary: `${request.verb}d ${request.target.name}`,
      changed: true,
      details: [],
    });
  }

  createGrant(_cluster: string, spec: GrantSpec): Promise<GrantResult> {
    const bindingName = `countersign-${spec.requestId}`;
    this.calls.push(`createGrant ${bindingName}`);
    const roleRef = spec.role.kind === 'rules' ? { kind: 'Role' as const, name: bindingName } : spec.role;
    const ref = spec.namespace
      ? { requestId: spec.requestId, namespace: spec.namespace }
      : { requestId: spec.requestId };
    this.bindings.set(spec.requestId, {
      ...ref,
      bindingName,
      roleRef,
      requester: spec.requester,
      expiresAt: spec.expiresAt,
    });
    return Promise.resolve({ ...ref, bindingName, roleRef, created: true });
  }

  updateGrantExpiry(_cluster: string, ref: GrantRef, expiresAt: number): Promise<void> {
    this.calls.push(`updateGrantExpiry ${ref.requestId}`);
    const binding = this.bindings.get(ref.requestId);
    if (binding) this.bindings.set(ref.requestId, { ...binding, expiresAt });
    return Promise.resolve();
  }

  deleteGrant(_cluster: string, ref: GrantRef): Promise<boolean> {
    this.calls.push(`deleteGrant ${ref.requestId}`);
    return Promise.resolve(this.bindings.delete(ref.requestId));
  }

  listManagedBindings(): Promise<ManagedBinding[]> {
    return Promise.resolve([...this.bindings.values()]);
  }

  canI(_cluster: string, _user: unknown, _attributes: AccessAttributes): Promise<boolean> {
    return Promise.resolve(false);
  }

  listNamespaces(): Promise<string[]> {
    return Promise.resolve(['prod-payments', 'staging-web']);
  }

  ping(): Promise<{ version: string }> {
    return Promise.resolve({ version: 'v0.0.0-fake' });
  }
}
