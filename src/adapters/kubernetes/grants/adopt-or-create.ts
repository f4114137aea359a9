import type { V1ObjectMeta } from '@kubernetes/client-node';
import { ClusterPermanentError } from '../../../core/ports/cluster-errors.ts';
import { hasStatus } from '../cluster-error.ts';
import type { OperationLabel } from '../operation-label.ts';
import { isOurs } from './grant-objects.ts';

/** How to create one grant object and, when it exists, read it back and judge it. */
export interface CreateSteps<T extends { metadata?: V1ObjectMeta }> {
  readonly create: () => Promise<{ metadata?: V1ObjectMeta }>;
  readonly read: () => Promise<T>;
  /** Beyond the labels: does the existing object say what ours would (same role, same subject)? */
  readonly matches: (existing: T) => boolean;
}

/**
 * Creates a grant object, or accepts the one already there when it carries this
 * request's labels and matches: a retry after a lost answer is not an error. An
 * object of that name that is not ours is a permanent conflict, never adopted.
 * Resolves to whether this call created the object, and the object's UID as the API
 * server reported it.
 */
export async function createOrAdopt<T extends { metadata?: V1ObjectMeta }>(
  steps: CreateSteps<T>,
  requestId: string,
  label: OperationLabel,
): Promise<{ readonly created: boolean; readonly uid?: string }> {
  try {
    const made = await steps.create();
    return { created: true, ...uidOf(made.metadata) };
  } catch (error) {
    if (!hasStatus(error, 409)) throw error;
  }
  const existing = await steps.read();
  if (isOurs(existing.metadata, requestId) && steps.matches(existing))
    return { created: false, ...uidOf(existing.metadata) };
  throw new ClusterPermanentError(
    'cluster_conflict',
    `Could not ${label.operation} ${label.location}: ${label.object} already exists and was not created by Countersign for request ${requestId}.`,
    { status: 409 },
  );
}

function uidOf(metadata: V1ObjectMeta | undefined): { uid?: string } {
  return metadata?.uid ? { uid: metadata.uid } : {};
}
