import { nextEscalationAt } from '../core/lifecycle/escalate.ts';
import { escalateRequest } from '../core/workflow/escalate-request.ts';
import type { JobDeps, JobProcessor } from './job-context.ts';

/**
 * The `escalate-request` processor: reaches the escalation steps due now (see
 * `escalateRequest`) and, while the request stays pending and another step is to
 * come, runs again when it falls due, so one job per request walks every step. After
 * a decision it does nothing and ends.
 */
export function escalateRequestProcessor(deps: JobDeps): JobProcessor<'escalate-request'> {
  const { workflow } = deps;
  return async ({ requestId }) => {
    const outcome = await escalateRequest(workflow, requestId);
    const record = await workflow.store.get(requestId);
    const next = record ? nextEscalationAt(record) : undefined;
    return next === undefined ? { outcome } : { outcome, runAgainAt: next };
  };
}
