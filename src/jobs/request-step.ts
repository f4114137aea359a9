import type { RequestRecord } from '../core/lifecycle/request-record.ts';
import { beginExecution, recordFailure, type StepOutcome } from '../core/workflow/run-action.ts';
import type { WorkflowDeps } from '../core/workflow/workflow-deps.ts';
import type { JobContext, JobOutcome } from './job-context.ts';
import { crashText, failureText, isPermanentFailure } from './job-failure.ts';

/**
 * Runs the step of a job that carries a request to the cluster (execute an action,
 * create a grant) so that the request always ends: when the step fails for good, or
 * fails on its last attempt, or the job kept crashing its workers, the request is
 * failed with a line the requester may read and they are told; never silently
 * dropped. The error is rethrown so the queue records the job as failed. A request
 * approved ahead of its start time (`--at` / `--in`) is not touched before then: the
 * job asks to run again at that time. `step` is given the record as read here, so it
 * need not read it again before its first write (see `mutateRequest`).
 * `recordFailure` changes nothing once the request has left the running states, so a
 * late run after success is harmless.
 */
export async function runRequestStep(
  deps: WorkflowDeps,
  requestId: string,
  context: JobContext,
  step: (current: RequestRecord | undefined) => Promise<StepOutcome>,
): Promise<JobOutcome> {
  if (context.abandon) {
    await failRequest(deps, requestId, crashText(context));
    return { outcome: 'abandoned' };
  }
  const current = await deps.store.get(requestId);
  if (current?.state === 'approved' && current.startAt !== undefined && current.startAt > deps.clock.now()) {
    return { outcome: 'early', runAgainAt: current.startAt };
  }
  try {
    return { outcome: await step(current) };
  } catch (error) {
    if (isPermanentFailure(error) || context.finalAttempt) {
      await failRequest(deps, requestId, failureText(error, context));
    }
    throw error;
  }
}

/**
 * Fails the request through `recordFailure`. A request still `approved` (its run died
 * before it started executing) is started first, since the lifecycle fails only a
 * request that is queued or executing.
 */
async function failRequest(deps: WorkflowDeps, requestId: string, text: string): Promise<void> {
  if ((await deps.store.get(requestId))?.state === 'approved') await beginExecution(deps, requestId);
  await recordFailure(deps, requestId, text);
}
