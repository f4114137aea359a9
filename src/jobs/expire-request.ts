import { expireRequest } from '../core/workflow/end-grant.ts';
import type { JobDeps, JobProcessor } from './job-context.ts';

/**
 * The `expire-request` processor: a request nobody decided within its TTL expires
 * (see `expireRequest`). A timer that fires a moment before the deadline the record
 * holds runs again at the deadline.
 */
export function expireRequestProcessor(deps: JobDeps): JobProcessor<'expire-request'> {
  const { workflow } = deps;
  return async ({ requestId }) => {
    const outcome = await expireRequest(workflow, requestId);
    if (outcome === 'done') return { outcome };
    const record = await workflow.store.get(requestId);
    const deadline = record?.state === 'pending' ? record.decisionDeadline : undefined;
    return deadline !== undefined && deadline > workflow.clock.now()
      ? { outcome: 'early', runAgainAt: deadline }
      : { outcome };
  };
}
