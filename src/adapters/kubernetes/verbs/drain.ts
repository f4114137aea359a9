import type { V1Eviction } from '@kubernetes/client-node';
import { ClusterTransientError } from '../../../core/ports/cluster-errors.ts';
import type { ApiClients } from '../api-clients.ts';
import { hasStatus } from '../cluster-error.ts';
import { type DrainPlan, type PodToEvict, planDrain } from './drain-plan.ts';
import { requireApprovedObject, writeApproved } from './approved-object.ts';
import { isCordoned, readNodeState, setUnschedulable } from './node-schedulable.ts';
import { requireKind } from './requires-kind.ts';
import type { VerbHandler } from './verb-handler.ts';

const MAX_LISTED = 10;

/**
 * `drain node/NAME`: cordons the node, then evicts every pod but DaemonSet and mirror
 * pods through the Eviction API, one at a time, so PodDisruptionBudgets hold. An
 * eviction a budget refuses (429) leaves the drain unfinished: it fails with a
 * transient error so the queue retries later, and the retry cordons again (no-op),
 * skips pods already terminating and evicts the rest. Pods already gone are fine. The
 * cordon carries the approved node's UID, so a node re-registered under the same name
 * is neither cordoned nor drained.
 */
export const drainVerb: VerbHandler<'drain'> = {
  async preview({ reader, writer, request, label }) {
    requireKind('drain', request.target, ['Node']);
    const node = request.target.name;
    const [cordoned, plan] = await Promise.all([isCordoned(reader, node), planDrain(reader, node)]);
    await setUnschedulable(writer, node, true, true);
    const first = plan.evict[0];
    const blockedNow = first ? await evict(writer, first, true) : 'evicted';
    const details = describePlan(plan, cordoned);
    if (blockedNow === 'blocked')
      details.push(`a PodDisruptionBudget refuses evicting ${first?.namespace}/${first?.name} right now`);
    return { summary: summarize(label.object, plan), details, dryRun: true };
  },

  async execute({ reader, writer, request, label }, context) {
    requireKind('drain', request.target, ['Node']);
    const node = request.target.name;
    const state = await readNodeState(reader, node);
    requireApprovedObject(state.object, context, label);
    const wasCordoned = state.cordoned;
    await writeApproved(() => setUnschedulable(writer, node, true, false, context.targetUid), context, label);
    const plan = await planDrain(reader, node);
    const evicted: PodToEvict[] = [];
    const blocked: PodToEvict[] = [];
    for (const pod of plan.evict) {
      const outcome = await evict(writer, pod, false);
      if (outcome === 'evicted') evicted.push(pod);
      if (outcome === 'blocked') blocked.push(pod);
    }
    if (blocked.length > 0) {
      throw new ClusterTransientError(
        `drain ${label.object}: evicted ${evicted.length} of ${plan.evict.length} pods; a PodDisruptionBudget blocks ${names(blocked)} for now`,
        { status: 429 },
      );
    }
    const changed = !wasCordoned || evicted.length > 0;
    return {
      summary: `drained ${label.object}: evicted ${count(evicted.length)}`,
      changed,
      details: evicted.length > 0 ? [`evicted ${names(evicted)}`] : [],
    };
  },
};

async function evict(
  writer: ApiClients,
  pod: PodToEvict,
  dryRun: boolean,
): Promise<'evicted' | 'gone' | 'blocked'> {
  const body: V1Eviction = {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name: pod.name, namespace: pod.namespace },
  };
  try {
    await writer.core.createNamespacedPodEviction({
      name: pod.name,
      namespace: pod.namespace,
      body,
      ...(dryRun ? { dryRun: 'All' } : {}),
    });
    return 'evicted';
  } catch (error) {
    if (hasStatus(error, 404)) return 'gone';
    if (hasStatus(error, 429)) return 'blocked';
    throw error;
  }
}

function summarize(object: string, plan: DrainPlan): string {
  const budgets = plan.budgets.map((b) =>
    b.disruptionsAllowed === undefined
      ? `PDB ${b.name} is not evaluated yet`
      : `PDB ${b.name} allows ${b.disruptionsAllowed} at a time`,
  );
  return [`drain ${object} evicts ${count(plan.evict.length)}`, ...budgets].join(', ');
}

function describePlan(plan: DrainPlan, cordoned: boolean): string[] {
  const details = [cordoned ? 'the node is already cordoned' : 'cordons the node first'];
  if (plan.daemonSetPods > 0) details.push(`skips ${count(plan.daemonSetPods, 'DaemonSet pod')}`);
  if (plan.mirrorPods > 0) details.push(`skips ${count(plan.mirrorPods, 'mirror pod')}`);
  if (plan.terminating > 0) details.push(`${count(plan.terminating)} already terminating`);
  const unmanaged = plan.evict.filter((p) => p.unmanaged);
  if (unmanaged.length > 0)
    details.push(
      `${names(unmanaged)} ${unmanaged.length === 1 ? 'has' : 'have'} no controller and will not be recreated`,
    );
  return details;
}

function count(n: number, noun = 'pod'): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function names(pods: readonly PodToEvict[]): string {
  const listed = pods.slice(0, MAX_LISTED).map((p) => `${p.namespace}/${p.name}`);
  return pods.length > MAX_LISTED
    ? `${listed.join(', ')} and ${pods.length - MAX_LISTED} more`
    : listed.join(', ');
}
