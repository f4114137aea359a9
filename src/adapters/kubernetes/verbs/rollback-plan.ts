import canonicalize from 'canonicalize';
import { ClusterPermanentError } from '../../../core/ports/cluster-errors.ts';
import type { TargetRef } from '../../../core/requests/request-types.ts';
import { kindInfo } from '../../../core/requests/kinds.ts';
import type { ApiClients } from '../api-clients.ts';
import { fieldAt, type KubeObject } from '../kube-object.ts';
import { type LabelSelector, selectorToQuery } from '../label-selector.ts';
import { capitalized, type OperationLabel } from '../operation-label.ts';
import { readTarget } from '../read-target.ts';
import { resourcePath } from '../resource-path.ts';

const REVISION = 'deployment.kubernetes.io/revision';

/** What `kubectl rollout undo` would do to one Deployment. */
export interface RollbackPlan {
  readonly deployment: KubeObject;
  readonly currentRevision: number | undefined;
  readonly targetRevision: number;
  /** The pod template of the target revision, without the `pod-template-hash` label. */
  readonly template: Record<string, unknown>;
  /** The Deployment already runs that template; rolling back changes nothing. */
  readonly alreadyCurrent: boolean;
  /** `container api: image api:1.2 → api:1.1`, one per container whose image differs. */
  readonly imageChanges: readonly string[];
}

/**
 * Finds the revision to roll back to, as `kubectl rollout undo` does: the
 * Deployment's ReplicaSets (controlled by it, by UID) carry
 * `deployment.kubernetes.io/revision`; the target is `toRevision` or the newest
 * revision other than the current one. Refuses a paused Deployment, a revision that
 * does not exist, and a Deployment with no earlier revision.
 */
export async function planRollback(
  reader: ApiClients,
  target: TargetRef,
  toRevision: number | undefined,
  label: OperationLabel,
): Promise<RollbackPlan> {
  const deployment = await readTarget(reader, target, label);
  if (fieldAt(deployment, ['spec', 'paused']) === true) {
    throw new ClusterPermanentError(
      'cluster_refused',
      `${capitalized(label.object)} is paused; resume it before rolling back.`,
      {
        example: `/k8s-request patch deployment/${target.name} -n ${target.namespace ?? 'NAMESPACE'} --patch '{"spec":{"paused":false}}' --reason "..."`,
      },
    );
  }
  const revisions = await ownedRevisions(reader, target, deployment);
  const current = revisionOf(deployment) ?? Math.max(...revisions.map((r) => r.revision), 0);
  const known = revisions.map((r) => r.revision).sort((a, b) => a - b);
  const chosen =
    toRevision === undefined
      ? revisions.filter((r) => r.revision !== current).sort((a, b) => b.revision - a.revision)[0]
      : revisions.find((r) => r.revision === toRevision);
  if (!chosen) {
    const message =
      toRevision === undefined
        ? `${capitalized(label.object)} has no earlier revision to roll back to.`
        : `${capitalized(label.object)} has no revision ${toRevision}; it has ${known.length > 0 ? `revisions ${known.join(', ')}` : 'no revisions'}.`;
    throw new ClusterPermanentError('cluster_refused', message, {
      example: `/k8s-request rollback deployment/${target.name} -n ${target.namespace ?? 'NAMESPACE'} --to-revision ${known[0] ?? 1} --reason "..."`,
    });
  }
  const template = withoutHashLabel(chosen.template);
  const currentTemplate = fieldAt(deployment, ['spec', 'template']);
  return {
    deployment,
    currentRevision: revisionOf(deployment),
    targetRevision: chosen.revision,
    template,
    alreadyCurrent: canonicalize(currentTemplate) === canonicalize(template),
    imageChanges: imageChanges(currentTemplate, template),
  };
}

interface OwnedRevision {
  readonly revision: number;
  readonly template: Record<string, unknown>;
}

async function ownedRevisions(
  reader: ApiClients,
  target: TargetRef,
  deployment: KubeObject,
): Promise<OwnedRevision[]> {
  const selector = fieldAt(deployment, ['spec', 'selector']) as LabelSelector | undefined;
  const list = await reader.rest.call<{ items?: KubeObject[] }>({
    method: 'GET',
    path: resourcePath(kindInfo('ReplicaSet'), { namespace: target.namespace }),
    query: selector ? { labelSelector: selectorToQuery(selector) } : {},
  });
  const uid = deployment.metadata?.uid;
  return (list.items ?? []).flatMap((rs) => {
    const owned = rs.metadata?.ownerReferences?.some((o) => o.controller === true && o.uid === uid) === true;
    const revision = revisionOf(rs);
    const template = fieldAt(rs, ['spec', 'template']);
    if (!owned || revision === undefined || template === null || typeof template !== 'object') return [];
    return [{ revision, template: template as Record<string, unknown> }];
  });
}

function revisionOf(object: KubeObject): number | undefined {
  const revision = Number(object.metadata?.annotations?.[REVISION]);
  return Number.isInteger(revision) && revision > 0 ? revision : undefined;
}

function withoutHashLabel(template: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(template);
  const labels = fieldAt(copy, ['metadata', 'labels']);
  if (labels && typeof labels === 'object') delete (labels as Record<string, unknown>)['pod-template-hash'];
  return copy;
}

function imageChanges(from: unknown, to: unknown): string[] {
  const images = (template: unknown) =>
    new Map(
      (
        (fieldAt(template, ['spec', 'containers']) as { name?: string; image?: string }[] | undefined) ?? []
      ).map((c) => [c.name ?? '', c.image ?? '']),
    );
  const before = images(from);
  return [...images(to)]
    .filter(([name, image]) => before.get(name) !== image)
    .map(([name, image]) => `container ${name}: image ${before.get(name) ?? 'none'} → ${image}`);
}
