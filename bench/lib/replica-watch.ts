import { AppsV1Api, type KubeConfig } from '@kubernetes/client-node';
import { watchResource } from './resource-watch.ts';

/** Watches the Deployments of one namespace for replica counts. */
export interface ReplicaWatch {
  /**
   * Resolves with `performance.now()` of the moment this process received the event
   * showing Deployment `name` with `spec.replicas === replicas`. Call it before causing
   * the change; rejects after `timeoutMs`.
   */
  expect(name: string, replicas: number, timeoutMs: number): Promise<number>;
  stop(): void;
}

interface Waiter {
  readonly name: string;
  readonly replicas: number;
  resolve(perfMs: number): void;
}

/**
 * Starts watching Deployments in `namespace` from now on (changes only), so a
 * benchmark can time "until the change is visible in the API server" the same way for
 * Countersign and for a direct client-node call. A watch failure rejects every waiter.
 */
export async function watchReplicas(kc: KubeConfig, namespace: string): Promise<ReplicaWatch> {
  const listed = await kc.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace });
  const waiters = new Set<Waiter>();
  let failure: Error | undefined;
  const rejecters = new Set<(error: Error) => void>();
  const watch = await watchResource(
    kc,
    `/apis/apps/v1/namespaces/${namespace}/deployments`,
    { resourceVersion: listed.metadata?.resourceVersion ?? '0' },
    (event) => {
      const replicas = (event.object.spec as { replicas?: number } | undefined)?.replicas;
      for (const waiter of [...waiters]) {
        if (waiter.name === event.name && waiter.replicas === replicas) {
          waiters.delete(waiter);
          waiter.resolve(event.perfMs);
        }
      }
    },
    (error) => {
      failure = error;
      for (const reject of rejecters) reject(error);
    },
  );
  return {
    expect(name, replicas, timeoutMs) {
      if (failure) return Promise.reject(failure);
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          rejecters.delete(reject);
          reject(
            new Error(
              `deployment ${namespace}/${name} never showed ${replicas} replicas within ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
        timer.unref();
        const waiter: Waiter = {
          name,
          replicas,
          resolve(perfMs) {
            clearTimeout(timer);
            rejecters.delete(reject);
            resolve(perfMs);
          },
        };
        waiters.add(waiter);
        rejecters.add(reject);
      });
    },
    stop: () => watch.stop(),
  };
}
