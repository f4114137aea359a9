import { redispatchStalled } from '../core/workflow/redispatch-stalled.ts';
import { sweepGrants } from '../core/workflow/sweep-grants.ts';
import { sweepPending } from '../core/workflow/sweep-pending.ts';
import type { JobDeps, JobProcessor } from './job-context.ts';

/**
 * The repeatable `sweep-grants` processor: deletes every managed binding past its
 * expiry and ends grants the store still shows active past theirs (see
 * `sweepGrants`), so a lost revoke timer cannot leave access behind; escalates or
 * expires pending requests whose timer is due (`sweepPending`), so a lost timer never
 * stalls one; and re-enqueues the job of any request stuck approved, queued or
 * executing (`redispatchStalled`).
 */
export function sweepGrantsProcessor(deps: JobDeps): JobProcessor<'sweep-grants'> {
  return async () => {
    const report = await sweepGrants(deps.workflow);
    const pending = await sweepPending(deps.workflow);
    const redispatched = await redispatchStalled(deps.workflow);
    return {
      outcome: 'done',
      details: {
        removedBindings: report.removedBindings,
        endedGrants: report.endedGrants,
        ...(report.unreachableClusters.length > 0
          ? {
              unreachableClusters: report.unreachableClusters
                .map((u) => `${u.cluster} (${u.error})`)
                .join('; '),
            }
          : {}),
        escalated: pending.escalated,
        expiredRequests: pending.expired,
        redispatched,
      },
    };
  };
}
