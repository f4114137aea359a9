import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ClusterRegistry } from '../../../src/adapters/kubernetes/cluster-registry.ts';
import { fieldAt } from '../../../src/adapters/kubernetes/kube-object.ts';
import { KubernetesCluster } from '../../../src/adapters/kubernetes/kubernetes-cluster.ts';
import { kindInfo } from '../../../src/core/requests/kinds.ts';
import type { ActionRequest, TargetRef } from '../../../src/core/requests/request-types.ts';
import {
  startControlPlane,
  type ControlPlane,
  type ControlPlaneOptions,
} from '../../harness/control-plane.ts';

/** The cluster name the tests configure. */
export const CLUSTER = 'test';

/** A control plane plus the adapter under test, wired as Countersign would be (its ServiceAccount's credentials). */
export interface ClusterFixture {
  readonly cp: ControlPlane;
  readonly registry: ClusterRegistry;
  readonly cluster: KubernetesCluster;
  /** Creates a fresh namespace named `<prefix>-<random>`. */
  namespace(prefix: string): Promise<string>;
  /** `kubectl apply` of YAML, as admin. */
  apply(yaml: string): Promise<void>;
  /** `kubectl get … -o json`, as admin, parsed. */
  get(resource: string, name: string, namespace?: string): Promise<unknown>;
  /** True when `kubectl get` finds nothing. */
  gone(resource: string, name: string, namespace?: string): Promise<boolean>;
  stop(): Promise<void>;
}

/** Starts a control plane and the adapter on it, with Countersign's kubeconfig context. */
export async function startClusterFixture(options: ControlPlaneOptions = {}): Promise<ClusterFixture> {
  const cp = await startControlPlane(options);
  const registry = ClusterRegistry.load({
    kubeconfig: cp.kubeconfigFor('countersign'),
    clusters: [{ name: CLUSTER, context: 'countersign' }],
  });
  const scoped = (namespace?: string) => (namespace ? ['-n', namespace] : []);
  const get = async (resource: string, name: string, namespace?: string) =>
    JSON.parse(await cp.kubectl(['get', resource, name, ...scoped(namespace), '-o', 'json'])) as unknown;
  return {
    cp,
    registry,
    cluster: new KubernetesCluster(registry),
    async namespace(prefix) {
      const name = `${prefix}-${randomBytes(3).toString('hex')}`;
      await cp.kubectl(['create', 'namespace', name]);
      return name;
    },
    async apply(yaml) {
      await cp.kubectl(['apply', '-f', '-'], 'admin', yaml);
    },
    get,
    async gone(resource, name, namespace) {
      const out = await cp.kubectl([
        'get',
        resource,
        name,
        ...scoped(namespace),
        '--ignore-not-found',
        '-o',
        'name',
      ]);
      return out.trim() === '';
    },
    stop: () => cp.stop(),
  };
}

/** A target by kind name, e.g. `target('Deployment', 'api', 'ns')`. */
export function target(kind: string, name: string, namespace?: string): TargetRef {
  return { kind: kindInfo(kind), name, ...(namespace ? { namespace } : {}) };
}

type Verbless<R> = R extends unknown ? Omit<R, 'type' | 'target' | 'reason' | 'breakGlass'> : never;

/** An action request on `on`, with the verb's own fields. */
export function action(on: TargetRef, fields: Verbless<ActionRequest>): ActionRequest {
  return {
    type: 'action',
    target: on,
    reason: 'integration test',
    breakGlass: false,
    ...fields,
  };
}

/** Polls `check` every 200 ms until it returns true, failing after `timeoutMs`. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Waits until the aggregation controller has filled the rules of the built-in ClusterRole `name` (needs the controller manager). */
export async function aggregatedRole(fixture: ClusterFixture, name: 'view' | 'edit'): Promise<void> {
  await eventually(`ClusterRole ${name} to be aggregated`, async () => {
    const rules = fieldAt(await fixture.get('clusterrole', name), ['rules']);
    return Array.isArray(rules) && rules.length > 0;
  });
}
