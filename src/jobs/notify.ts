import type { JobDeps, JobOutcome, JobProcessor } from './job-context.ts';

/**
 * The `notify` processor: brings every chat message of a request up to date. It
 * sends the record as it is now, which may be newer than the version that queued the
 * job, and then notes that version as told; a job that finds the record at or below
 * the version already told has nothing to send and skips (one decision queues a
 * notification per version it passes through, e.g. approved, executing, succeeded,
 * and a job that runs late already told the newest). Notifiers are idempotent per
 * version, so two jobs running at once for one version post nothing twice. A request
 * that no longer exists has nothing to show.
 */
export function notifyProcessor(deps: JobDeps): JobProcessor<'notify'> {
  const { store } = deps.workflow;
  return async ({ requestId, version }): Promise<JobOutcome> => {
    const [record, told] = await Promise.all([store.get(requestId), store.notifiedVersion(requestId)]);
    if (!record) return { outcome: 'skipped' };
    if (record.version <= told) {
      return { outcome: 'skipped', details: { queuedVersion: version, toldVersion: told } };
    }
    await deps.notifier.requestChanged(record);
    await store.markNotified(requestId, record.version);
    return { outcome: 'done', details: { queuedVersion: version, sentVersion: record.version } };
  };
}
