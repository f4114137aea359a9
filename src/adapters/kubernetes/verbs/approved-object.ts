import { ApiException } from '@kubernetes/client-node';
import type { ExecutionContext } from '../../../core/ports/cluster.ts';
import { ClusterPermanentError } from '../../../core/ports/cluster-errors.ts';
import type { KubeObject } from '../kube-object.ts';
import { capitalized, type OperationLabel } from '../operation-label.ts';

/**
 * Refuses to act on `object` unless it is the one approved: its UID must be the one
 * looked up at filing. A target deleted and recreated under the same name between
 * filing and execution fails the request with `target_changed` instead.
 */
export function requireApprovedObject(
  object: KubeObject,
  context: ExecutionContext,
  label: OperationLabel,
): void {
  const uid = object.metadata?.uid;
  if (context.targetUid === undefined || uid === context.targetUid) return;
  throw replaced(label, context.targetUid, uid);
}

/**
 * The merge-patch fragment that makes the API server itself refuse the write when the
 * object's UID is not the approved one (the UID is immutable, so a different value is
 * rejected), closing the gap between reading the object and writing it.
 */
export function uidPrecondition(context: ExecutionContext): { metadata?: { uid: string } } {
  return context.targetUid === undefined ? {} : { metadata: { uid: context.targetUid } };
}

/**
 * Runs a write that carries the approved object's preconditions; the API server's
 * refusal of one (409 "Precondition failed: UID", 422 "uid … field is immutable", or a
 * failed JSON-patch `test`) becomes `target_changed`, anything else is rethrown as is.
 */
export async function writeApproved<T>(
  write: () => Promise<T>,
  context: ExecutionContext,
  label: OperationLabel,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw preconditionFailure(error, context, label);
  }
}

function preconditionFailure(error: unknown, context: ExecutionContext, label: OperationLabel): unknown {
  if (context.targetUid === undefined && context.rollback === undefined) return error;
  if (!(error instanceof ApiException)) return error;
  const status = (error as ApiException<unknown>).code;
  const body = JSON.stringify((error as ApiException<unknown>).body ?? '');
  const uidRefused = /uid/i.test(body) && (status === 409 || status === 422);
  const testFailed = status === 422 && /test(ing value)?[^"]*failed/i.test(body);
  if (!uidRefused && !testFailed) return error;
  return new ClusterPermanentError(
    'target_changed',
    `${capitalized(label.object)} ${label.location} changed while the approved action ran: it is not the object that was approved any more. Nothing was changed; file a new request if the change is still needed.`,
  );
}

function replaced(label: OperationLabel, approved: string, now: string | undefined): ClusterPermanentError {
  return new ClusterPermanentError(
    'target_changed',
    `${capitalized(label.object)} ${label.location} is not the object that was approved: it was deleted and recreated since the request was filed (UID ${approved} approved, ${now ?? 'none'} now). Nothing was changed; file a new request if the change is still needed.`,
  );
}
