import { verifyChainAsync } from '../../src/core/audit/verify-chain.ts';
import type { WorkflowDeps } from '../../src/core/workflow/workflow-deps.ts';
import type { ControlPlane } from '../harness/control-plane.ts';
import type { BindingOnCluster, ClusterWorld } from './bot-driver.ts';

interface RoleBindingJson {
  readonly metadata: { readonly name: string; readonly annotations?: Record<string, string> };
  readonly roleRef: { readonly kind: string; readonly name: string };
  readonly subjects?: readonly { readonly kind: string; readonly name: string }[];
}

/**
 * The world a story checks, read independently of the product: Deployments and
 * RoleBindings through kubectl as the control plane's admin, and the audit chain of
 * the stack's workflow, verified link by link.
 */
export function clusterWorld(cp: ControlPlane, workflow: WorkflowDeps): ClusterWorld {
  return {
    replicas: async (namespace, name) =>
      Number(
        await cp.kubectl(['get', 'deployment', name, '-n', namespace, '-o', 'jsonpath={.spec.replicas}']),
      ),
    async binding(namespace, name): Promise<BindingOnCluster | undefined> {
      const list = JSON.parse(await cp.kubectl(['get', 'rolebindings', '-n', namespace, '-o', 'json'])) as {
        items: RoleBindingJson[];
      };
      const found = list.items.find((b) => b.metadata.name === name);
      if (!found) return undefined;
      return {
        role: `${found.roleRef.kind}/${found.roleRef.name}`,
        subjects: (found.subjects ?? []).map((s) => `${s.kind}/${s.name}`),
        expiresAt: found.metadata.annotations?.['countersign.io/expires-at'] ?? '',
      };
    },
    auditEvents: (requestId) => workflow.store.listEvents(requestId),
    verifyAudit: () => verifyChainAsync(workflow.audit.readAll()),
  };
}
