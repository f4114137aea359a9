import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { ApiClients } from '../api-clients.ts';

/** Whether a node is cordoned (`spec.unschedulable`), read with Countersign's clients. */
export async function isCordoned(reader: ApiClients, node: string): Promise<boolean> {
  const current = await reader.core.readNode({ name: node });
  return current.spec?.unschedulable === true;
}

/** Sets a node's `spec.unschedulable` with a JSON merge patch; `dryRun` only asks the server to check it. */
export async function setUnschedulable(
  writer: ApiClients,
  node: string,
  unschedulable: boolean,
  dryRun = false,
): Promise<void> {
  await writer.core.patchNode(
    { name: node, body: { spec: { unschedulable } }, ...(dryRun ? { dryRun: 'All' } : {}) },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}
