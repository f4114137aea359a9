import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { ApiClients } from '../api-clients.ts';
import { matchesSelector } from '../label-selector.ts';

/** A pod a drain evicts. */
export interface PodToEvict {
  readonly namespace: string;
  readonly name: string;
  /** No controller owns it: once evicted it does not come back. */
  readonly unmanaged: boolean;
}

/** A PodDisruptionBudget covering pods of the drain, with how many evictions it allows now. */
export interface BudgetInForce {
  readonly namespace: string;
  readonly name: string;
  /** `status.disruptionsAllowed`; undefined until the disruption controller has evaluated it. */
  readonly disruptionsAllowed: number | undefined;
}

/** What draining a node involves, as `kubectl drain` would see it. */
export interface DrainPlan {
  readonly evict: readonly PodToEvict[];
  readonly daemonSetPods: number;
  readonly mirrorPods: number;
  /** Pods already being deleted (a previous attempt evicted them). */
  readonly terminating: number;
  readonly budgets: readonly BudgetInForce[];
}

/**
 * Lists the pods on `node` and sorts them as `kubectl drain` does: DaemonSet pods
 * and mirror (static) pods stay, pods already terminating are done, every other pod
 * is evicted. Also finds the PodDisruptionBudgets that select the pods to evict.
 */
export async function planDrain(reader: ApiClients, node: string): Promise<DrainPlan> {
  const [pods, budgets] = await Promise.all([
    reader.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node}` }),
    reader.policy.listPodDisruptionBudgetForAllNamespaces(),
  ]);
  const evict: PodToEvict[] = [];
  const evictLabels: { namespace: string; labels: Record<string, string> }[] = [];
  let daemonSetPods = 0;
  let mirrorPods = 0;
  let terminating = 0;
  for (const pod of pods.items) {
    const meta = pod.metadata ?? {};
    const controller = meta.ownerReferences?.find((o) => o.controller === true);
    if (meta.annotations?.['kubernetes.io/config.mirror'] !== undefined) mirrorPods += 1;
    else if (controller?.kind === 'DaemonSet') daemonSetPods += 1;
    else if (meta.deletionTimestamp) terminating += 1;
    else {
      const namespace = meta.namespace ?? 'default';
      evict.push({ namespace, name: meta.name ?? '', unmanaged: controller === undefined });
      evictLabels.push({ namespace, labels: meta.labels ?? {} });
    }
  }
  const inForce = budgets.items.filter((budget) =>
    evictLabels.some(
      (pod) =>
        pod.namespace === budget.metadata?.namespace && matchesSelector(budget.spec?.selector, pod.labels),
    ),
  );
  return { evict, daemonSetPods, mirrorPods, terminating, budgets: inForce.map(describeBudget) };
}

function describeBudget(budget: V1PodDisruptionBudget): BudgetInForce {
  const observed = (budget.status?.observedGeneration ?? 0) >= (budget.metadata?.generation ?? 1);
  return {
    namespace: budget.metadata?.namespace ?? 'default',
    name: budget.metadata?.name ?? '',
    disruptionsAllowed: observed ? budget.status?.disruptionsAllowed : undefined,
  };
}
