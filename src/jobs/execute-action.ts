import { runAction } from '../core/workflow/run-action.ts';
import type { JobDeps, JobProcessor } from './job-context.ts';
import { runRequestStep } from './request-step.ts';

/**
 * The `execute-action` processor: runs an approved action once in effect (see
 * `runAction`); a run after a crash converges instead of acting twice. A permanent
 * refusal, or a transient one on the last attempt, fails the request cleanly.
 */
export function executeActionProcessor(deps: JobDeps): JobProcessor<'execute-action'> {
  return ({ requestId }, context) =>
    runRequestStep(deps.workflow, requestId, context, (current) =>
      runAction(deps.workflow, requestId, current),
    );
}
