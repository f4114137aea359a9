import type { JobDeps, JobProcessor } from './job-context.ts';

/**
 * The `remind-expiry` processor: tells the grantee their grant ends soon, with Extend
 * and Revoke. Does nothing once the grant has ended; asks to run again later when
 * the grant was extended after the reminder was scheduled. A retry after a crash may
 * remind twice, which is the lesser harm than not reminding.
 */
export function remindExpiryProcessor(deps: JobDeps): JobProcessor<'remind-expiry'> {
  const { workflow, notifier } = deps;
  return async ({ requestId }) => {
    const record = await workflow.store.get(requestId);
    if (record?.state !== 'active' || !record.grant) return { outcome: 'skipped' };
    const now = workflow.clock.now();
    if (now >= record.grant.expiresAt) return { outcome: 'skipped' };
    const remindAt = record.grant.expiresAt - workflow.remindBeforeMs;
    if (now < remindAt) return { outcome: 'early', runAgainAt: remindAt };
    await notifier.grantExpiringSoon(record);
    return { outcome: 'done' };
  };
}
