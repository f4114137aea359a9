import type { JobDeps, JobProcessor } from './job-context.ts';

/**
 * The `notify` processor: brings every chat message of a request up to date. It
 * sends the record as it is now, which may be newer than the version that queued the
 * job; notifiers are idempotent per version, so the newer version's own job then
 * changes nothing. A request that no longer exists has nothing to show.
 */
export function notifyProcessor(deps: JobDeps): JobProcessor<'notify'> {
  return async ({ requestId, version }) => {
    const record = await deps.workflow.store.get(requestId);
    if (!record) return { outcome: 'skipped' };
    await deps.notifier.requestChanged(record);
    return { outcome: 'done', details: { queuedVersion: version, sentVersion: record.version } };
  };
}
