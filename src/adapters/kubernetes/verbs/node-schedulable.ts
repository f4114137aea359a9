import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { ApiClients } from '../api-clients.ts';
import type { KubeObject } from '../kube-object.ts';

/** A node as read with Countersign's clients: its UID and whether it is cordoned (`spec.unschedulable`). */
export interface NodeState {
  readonly object: KubeObject;
  readonly cordoned: boolean;
}

/** Reads whether a node is cordoned, with the node's metadata for the approved-object check. */
export async function readNodeState(reader: ApiClients, node: string): Promise<NodeState> {
  const current = await reader.core.readNode({ name: node });
  const uid = current.metadata?.uid;
  return {
    object: { metadata: { ...(uid === undefined ? {} : { uid }) } },
    cordoned: current.spec?.unschedulable === true,
  };
}

/** Whether a node is cordoned (`spec.unschedulable`), read with Countersign's clients. */
export async function isCordoned(reader: ApiClients, node: string): Promise<boolean> {
  return (await readNodeState(reader, node)).cordoned;
}

/**
 * Sets a node's `spec.unschedulable` with a JSON merge patch; `dryRun` only asks the
 * server to check it. With `uid`, the server refuses the patch unless the node still
 * has that UID (a node re-registered under the same name is another machine).
 */
export async function setUnschedulable(
  writer: ApiClients,
  node: string,
  unschedulable: boolean,
  dryRun = false,
  uid?: string,
): Promise<void> {
  const body = { ...(uid === undefined ? {} : { metadata: { uid } }), spec: { unschedulable } };
  await writer.core.patchNode(
    { name: node, body, ...(dryRun ? { dryRun: 'All' } : {}) },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}
