import { grantAccess } from '../core/workflow/grant-access.ts';
import type { JobDeps, JobProcessor } from './job-context.ts';
import { runRequestStep } from './request-step.ts';

/**
 * The `create-grant` processor: writes the binding of an approved access request and
 * starts the grant's clock (see `grantAccess`); the binding is named from the request,
 * so a second run finds it in place. Fails the request cleanly when it cannot be done.
 */
export function createGrantProcessor(deps: JobDeps): JobProcessor<'create-grant'> {
  return ({ requestId }, context) =>
    runRequestStep(deps.workflow, requestId, context, (current) =>
      grantAccess(deps.workflow, requestId, current),
    );
}
