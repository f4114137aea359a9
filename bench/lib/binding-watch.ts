import { RbacAuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { MANAGED_SELECTOR } from '../../src/adapters/kubernetes/grants/grant-objects.ts';
import { watchResource } from './resource-watch.ts';

/** When each managed RoleBinding of a namespace disappeared, as seen by a watch. */
export interface BindingWatch {
  /** Binding name → `Date.now()` when its DELETED event arrived. */
  readonly deletedAt: ReadonlyMap<string, number>;
  /** Resolves once every one of `names` was deleted; rejects after `timeoutMs` or if the watch failed. */
  waitForAll(names: readonly string[], timeoutMs: number): Promise<void>;
  stop(): void;
}

/**
 * Watches Countersign-managed RoleBindings in `namespace` from now on and stamps each
 * deletion with this process's wall clock on receipt: the moment access was actually
 * gone from the API server, whoever deleted it (revoke job or sweep).
 */
export async function watchBindingDeletions(kc: KubeConfig, namespace: string): Promise<BindingWatch> {
  const listed = await kc
    .makeApiClient(RbacAuthorizationV1Api)
    .listNamespacedRoleBinding({ namespace, labelSelector: MANAGED_SELECTOR, limit: 1 });
  const deletedAt = new Map<string, number>();
  let failure: Error | undefined;
  const watch = await watchResource(
    kc,
    `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`,
    { resourceVersion: listed.metadata?.resourceVersion ?? '0', labelSelector: MANAGED_SELECTOR },
    (event) => {
      if (event.type === 'DELETED' && !deletedAt.has(event.name)) deletedAt.set(event.name, event.wallMs);
    },
    (error) => {
      failure = error;
    },
  );
  return {
    deletedAt,
    async waitForAll(names, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        if (failure) throw failure;
        const missing = names.filter((name) => !deletedAt.has(name)).length;
        if (missing === 0) return;
        if (performance.now() > deadline) {
          throw new Error(
            `${missing} of ${names.length} bindings in ${namespace} still exist after ${timeoutMs} ms`,
          );
        }
        await new Promise((wake) => setTimeout(wake, 250));
      }
    },
    stop: () => watch.stop(),
  };
}
