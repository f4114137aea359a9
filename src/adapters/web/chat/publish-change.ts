import type { RequestRecord } from '../../../core/lifecycle/request-record.ts';
import type { ConsoleDeps } from '../console-deps.ts';

/**
 * Announces a change the console itself just made, so open pages refresh at once
 * rather than when the worker's `notify` job gets to it (which announces it again,
 * harmlessly). A failed announcement is logged, never shown: the change itself happened.
 */
export async function publishChange(
  deps: ConsoleDeps,
  record: Pick<RequestRecord, 'id' | 'version'>,
): Promise<void> {
  try {
    await deps.changes.requestChanged(record);
  } catch (error) {
    deps.logger.warn({ err: error, requestId: record.id }, 'could not announce a request change');
  }
}
