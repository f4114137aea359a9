/** What Countersign knows about a Kubernetes resource kind it can act on or grant. */
export interface KindInfo {
  /** Kind as the API spells it, e.g. `Deployment`. */
  readonly kind: string;
  /** API group, `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** Plural resource name used in RBAC rules and URLs, e.g. `deployments`. */
  readonly resource: string;
  readonly namespaced: boolean;
  /** Every spelling accepted on input, lower-case, including the plural. */
  readonly aliases: readonly string[];
}

const info = (
  kind: string,
  group: string,
  version: string,
  resource: string,
  namespaced: boolean,
  aliases: string[],
): KindInfo => ({
  kind,
  group,
  version,
  resource,
  namespaced,
  aliases: [kind.toLowerCase(), resource, ...aliases],
});

/** The kinds Countersign understands, with kubectl's short names. */
export const KINDS: readonly KindInfo[] = [
  info('Pod', '', 'v1', 'pods', true, ['po']),
  info('Deployment', 'apps', 'v1', 'deployments', true, ['deploy']),
  info('StatefulSet', 'apps', 'v1', 'statefulsets', true, ['sts']),
  info('DaemonSet', 'apps', 'v1', 'daemonsets', true, ['ds']),
  info('ReplicaSet', 'apps', 'v1', 'replicasets', true, ['rs']),
  info('Job', 'batch', 'v1', 'jobs', true, []),
  info('CronJob', 'batch', 'v1', 'cronjobs', true, ['cj']),
  info('Service', '', 'v1', 'services', true, ['svc']),
  info('ConfigMap', '', 'v1', 'configmaps', true, ['cm']),
  info('Secret', '', 'v1', 'secrets', true, []),
  info('PersistentVolumeClaim', '', 'v1', 'persistentvolumeclaims', true, ['pvc']),
  info('Ingress', 'networking.k8s.io', 'v1', 'ingresses', true, ['ing']),
  info('HorizontalPodAutoscaler', 'autoscaling', 'v2', 'horizontalpodautoscalers', true, ['hpa']),
  info('PodDisruptionBudget', 'policy', 'v1', 'poddisruptionbudgets', true, ['pdb']),
  info('Event', '', 'v1', 'events', true, ['ev']),
  info('Node', '', 'v1', 'nodes', false, ['no']),
  info('Namespace', '', 'v1', 'namespaces', false, ['ns']),
];

const byAlias = new Map<string, KindInfo>(KINDS.flatMap((k) => k.aliases.map((a) => [a, k] as const)));

/** Looks a kind up by any accepted spelling (case-insensitive); undefined if unknown. */
export function findKind(spelling: string): KindInfo | undefined {
  return byAlias.get(spelling.toLowerCase());
}

/** Looks a kind up by its canonical `kind`; throws if the registry lacks it (a programming error). */
export function kindInfo(kind: string): KindInfo {
  const found = KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`unknown kind ${kind}`);
  return found;
}

/** Subresources that may be named in an access request, e.g. `pods/log`. */
export const GRANTABLE_SUBRESOURCES: Readonly<Record<string, readonly string[]>> = {
  pods: ['log', 'exec', 'portforward', 'attach', 'status', 'eviction'],
  deployments: ['scale', 'status'],
  statefulsets: ['scale', 'status'],
  replicasets: ['scale', 'status'],
  nodes: ['status'],
};
