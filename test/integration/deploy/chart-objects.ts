import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { CHART, REPO_ROOT } from '../../../scripts/chart-manifests.ts';

/** A Kubernetes object as `helm template` renders it; only the fields the chart tests reach for are typed. */
export interface ChartObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

/** A container of a rendered pod template. */
export interface ChartContainer {
  readonly name: string;
  readonly image: string;
  readonly args?: readonly string[];
  readonly ports: readonly { name: string; containerPort: number }[];
  readonly env?: readonly {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef: { name: string; key: string; optional?: boolean } };
  }[];
  readonly envFrom?: readonly { configMapRef: { name: string } }[];
  readonly startupProbe?: { httpGet: { path: string; port: string } };
  readonly livenessProbe?: { httpGet: { path: string; port: string } };
  readonly readinessProbe?: { httpGet?: { path: string; port: string } };
  readonly securityContext: Readonly<Record<string, unknown>>;
  readonly volumeMounts: readonly { name: string; mountPath: string }[];
}

/** The pod spec of a rendered Deployment or StatefulSet. */
export interface ChartPodSpec {
  readonly serviceAccountName?: string;
  readonly securityContext: Readonly<Record<string, unknown>>;
  readonly containers: readonly ChartContainer[];
  readonly volumes: readonly {
    name: string;
    configMap?: { name: string };
    secret?: { secretName: string; items?: { key: string; path: string }[] };
  }[];
}

/** A failed helm run: its stderr names what is wrong. */
export class HelmRunError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
  ) {
    super(`helm ${args.join(' ')} failed: ${stderr}`);
  }
}

/** Runs helm in the repository root; rejects with {@link HelmRunError} on a non-zero exit. */
export async function runHelm(helm: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(helm, args, { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    throw new HelmRunError(args, String((error as { stderr?: string }).stderr ?? error));
  }
}

/** `helm template` of the chart as `release` in `namespace`, parsed into objects. */
export async function renderChart(
  helm: string,
  args: readonly string[],
  { release = 'countersign', namespace = 'countersign' } = {},
): Promise<ChartObject[]> {
  const text = await runHelm(helm, ['template', release, CHART, '--namespace', namespace, ...args]);
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as ChartObject | null)
    .filter((o): o is ChartObject => o !== null);
}

/** The one object of `kind` named `name`; throws when absent. */
export function find(objects: readonly ChartObject[], kind: string, name: string): ChartObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found)
    throw new Error(
      `no ${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    );
  return found;
}

/** The pod spec of a Deployment or StatefulSet. */
export function podSpec(workload: ChartObject): ChartPodSpec {
  return (workload as unknown as { spec: { template: { spec: ChartPodSpec } } }).spec.template.spec;
}

/** `Kind/name` of every object, sorted. */
export const names = (objects: readonly ChartObject[]): string[] =>
  objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();

/**
 * `Kind/name` of every object the chart renders with its defaults as release
 * `countersign` (sorted): what `helm template` gives and, with the Namespace, what the
 * generated kustomize base holds. The kubectl proxy is off by default: its ClusterRole is there, unbound, and nothing else of it.
 */
export const DEFAULT_OBJECTS: readonly string[] = [
  'ClusterRole/countersign',
  'ClusterRole/countersign-impersonator',
  'ClusterRole/countersign-proxy',
  'ClusterRole/countersign-serve',
  'ClusterRoleBinding/countersign',
  'ClusterRoleBinding/countersign-impersonator',
  'ClusterRoleBinding/countersign-serve',
  'ConfigMap/countersign-admission-exemptions',
  'ConfigMap/countersign-config',
  'ConfigMap/countersign-identities',
  'ConfigMap/countersign-policy',
  'Deployment/countersign-serve',
  'Deployment/countersign-worker',
  'NetworkPolicy/countersign-serve',
  'NetworkPolicy/countersign-worker',
  'PodDisruptionBudget/countersign-serve',
  'PodDisruptionBudget/countersign-worker',
  'Service/countersign',
  'Service/countersign-serve-metrics',
  'Service/countersign-worker-metrics',
  'ServiceAccount/countersign',
  'ServiceAccount/countersign-serve',
  'ValidatingAdmissionPolicy/countersign-managed-rbac',
  'ValidatingAdmissionPolicy/countersign-protected-namespaces',
  'ValidatingAdmissionPolicyBinding/countersign-managed-rbac',
  'ValidatingAdmissionPolicyBinding/countersign-protected-namespaces',
];

/** A rendered Deployment or StatefulSet, as far as {@link probePod} reads it. */
interface Workload {
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly spec?: unknown;
}

/**
 * A Pod in `namespace` with the pod template of `workload` (its labels, and an emptyDir
 * for each volume claim template), to create with `--dry-run=server`: the namespace's Pod
 * Security admission judges it as it would the workload's pods.
 */
export function probePod(workload: Workload, namespace: string): Record<string, unknown> {
  const spec = workload.spec as {
    template: { metadata?: { labels?: Record<string, string> }; spec: { volumes?: unknown[] } };
    volumeClaimTemplates?: { metadata: { name: string } }[];
  };
  const claims = spec.volumeClaimTemplates ?? [];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${workload.metadata.name}-probe`,
      namespace,
      ...(spec.template.metadata?.labels ? { labels: spec.template.metadata.labels } : {}),
    },
    spec: {
      ...spec.template.spec,
      volumes: [
        ...(spec.template.spec.volumes ?? []),
        ...claims.map((c) => ({ name: c.metadata.name, emptyDir: {} })),
      ],
    },
  };
}
